// mimalloc rather than the system's allocator: scoring a whole country makes and frees
// millions of small blocks on every core (docs/design.md, "Memory allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match parindex::cli::parse() {
        Ok(cli) => cli,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(e.exit_code());
        }
    };
    let all = cli.errors == parindex::cli::Errors::All;
    match parindex::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let report = e.report(all);
            if !report.is_empty() {
                eprintln!("{report}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}
