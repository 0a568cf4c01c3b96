//! Using every core for independent pieces of work (files to read, units to score) while
//! keeping the results in the input's order, so that output never depends on the threads.

/// A progress bar on stderr for `len` pieces of work, shown only when stderr is a terminal
/// and the work is long enough to wait for; hidden (and silent) otherwise.
pub fn progress(len: usize, what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if len < 200 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({elapsed})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}

/// How many threads to use: `PARINDEX_THREADS` if set (1 = no threads), else every core.
/// Worked out once: finding the cores reads three cgroup files, and it is asked for each
/// evidence file.
pub fn threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| {
        std::env::var("PARINDEX_THREADS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
    })
}

/// `f` applied to every item (with its index), on up to [`threads`] threads; results in
/// order. `f` may change the items: a large result is filled in where it lies, rather than
/// made anew next to it.
pub fn map<T: Send, R: Send>(items: &mut [T], f: impl Fn(usize, &mut T) -> R + Sync) -> Vec<R> {
    let threads = threads().min(items.len());
    if threads <= 1 {
        return items.iter_mut().enumerate().map(|(i, t)| f(i, t)).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items
            .chunks_mut(chunk)
            .enumerate()
            .map(|(k, part)| {
                scope.spawn(move || {
                    let first = k * chunk;
                    let mine = part.iter_mut().enumerate();
                    mine.map(|(i, t)| f(first + i, t)).collect::<Vec<R>>()
                })
            })
            .collect();
        handles
            .into_iter()
            // A panic in a worker is a bug; carry it to the caller as a panic would be.
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// `f` applied to every item on up to [`threads`] threads, and `each` to the results in the
/// items' order as they come: a thread works at most two items ahead of `each`, so the
/// results are never all held at once (a large output written as it is made). Stops at the
/// first error of `each`.
pub fn for_each_in_order<T: Sync, R: Send, E>(
    items: &[T],
    f: impl Fn(usize, &T) -> R + Sync,
    mut each: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    let threads = threads().min(items.len());
    if threads <= 1 {
        return items
            .iter()
            .enumerate()
            .try_for_each(|(i, t)| each(f(i, t)));
    }
    std::thread::scope(|scope| {
        let f = &f;
        // Thread k does items k, k + threads, …: the next result `each` needs is always the
        // next one of one thread.
        let made: Vec<_> = (0..threads)
            .map(|k| {
                let (tx, rx) = std::sync::mpsc::sync_channel(1);
                let mine = items.iter().enumerate().skip(k).step_by(threads);
                scope.spawn(move || {
                    for (i, t) in mine {
                        // `each` stopped: stop too.
                        if tx.send(f(i, t)).is_err() {
                            break;
                        }
                    }
                });
                rx
            })
            .collect();
        for i in 0..items.len() {
            // A thread that panicked sends no more; the scope carries its panic on.
            let Ok(r) = made[i % threads].recv() else {
                break;
            };
            each(r)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order() {
        let mut items: Vec<u32> = (0..1000).collect();
        let doubled: Vec<u32> = items.iter().map(|x| x * 2).collect();
        let indices = super::map(&mut items, |i, x| {
            *x *= 2;
            i
        });
        assert_eq!(items, doubled);
        assert_eq!(indices, (0..1000).collect::<Vec<_>>());
        assert_eq!(
            super::map(&mut [] as &mut [u32], |_, x| *x),
            Vec::<u32>::new()
        );
        let items = doubled.iter().map(|x| x / 2).collect::<Vec<_>>();
        let mut seen = Vec::new();
        let done = super::for_each_in_order(
            &items,
            |i, x| (i, x * 2),
            |r| {
                seen.push(r);
                if r.0 == 700 { Err(r.0) } else { Ok(()) }
            },
        );
        assert_eq!(done, Err(700));
        assert_eq!(
            seen,
            (0..=700).map(|i| (i, i as u32 * 2)).collect::<Vec<_>>()
        );
    }
}
