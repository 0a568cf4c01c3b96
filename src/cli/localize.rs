//! clap's own words (headings, `-h`, `-V`, defaults, possible values) in the language asked
//! for, and with `--lang en` every help text in English from [`super::en`]'s table: applied
//! to the built `clap::Command`, so that there is one description of the command line.

use clap::Arg;
use clap::builder::PossibleValue;

use super::en;
use crate::lang::Lang;

/// clap's own words, in each language.
struct Words {
    usage: &'static str,
    commands: &'static str,
    arguments: &'static str,
    options: &'static str,
    help: (&'static str, &'static str),
    version: &'static str,
    help_command: &'static str,
    default: &'static str,
    values: &'static str,
    values_long: &'static str,
    options_tag: &'static str,
    command_tag: &'static str,
}

fn words(lang: Lang) -> Words {
    let w = |vi, en| lang.pick(vi, en);
    Words {
        usage: w("Cách dùng", "Usage"),
        commands: w("Lệnh", "Commands"),
        arguments: w("Đối số", "Arguments"),
        options: w("Tùy chọn", "Options"),
        help: (
            w(
                "In trợ giúp (xem đầy đủ với '--help')",
                "Print help (see more with '--help')",
            ),
            w(
                "In trợ giúp (xem tóm tắt với '-h')",
                "Print help (see a summary with '-h')",
            ),
        ),
        version: w("In số phiên bản", "Print version"),
        help_command: w(
            "In trợ giúp của parindex hoặc của lệnh đã cho",
            "Print this message or the help of the given subcommand(s)",
        ),
        default: w("mặc định", "default"),
        values: w("giá trị", "possible values"),
        values_long: w("Các giá trị", "Possible values"),
        options_tag: w("[TÙY_CHỌN]", "[OPTIONS]"),
        command_tag: w("<LỆNH>", "<COMMAND>"),
    }
}

/// A command and its subcommands with their help in `lang`; `path` names the command
/// ("" for parindex, "score", "criteria import").
pub(super) fn localize(mut command: clap::Command, lang: Lang, path: &str) -> clap::Command {
    let w = words(lang);
    // The `help` command's own tree, `parindex help score`, repeats the commands.
    let named = path.strip_prefix("help").map(str::trim_start);
    let about = match (named, lang) {
        (Some("" | "help"), _) => Some((w.help_command, "")),
        (_, Lang::Vi) => None,
        (named, Lang::En) => en::text(named.unwrap_or(path)),
    };
    if let Some((help, long)) = about {
        // As the derive does, the long help starts with the short one.
        command = command.about(help);
        if !long.is_empty() {
            command = command.long_about(format!("{help}\n\n{long}"));
        }
    }
    command = command.mut_args(|a| arg(a, lang, path, &w));
    let usage = command.render_usage().to_string();
    let usage = usage
        .split_once(':')
        .map_or(usage.as_str(), |(_, u)| u)
        .trim();
    let usage = usage
        .replace("[OPTIONS]", w.options_tag)
        .replace("<COMMAND>", w.command_tag);
    let template = template(&command, &w);
    command = command.override_usage(usage).help_template(template);
    command.mut_subcommands(|sub| {
        let name = sub.get_name().to_string();
        let path = if path.is_empty() {
            name
        } else {
            format!("{path} {name}")
        };
        localize(sub, lang, &path)
    })
}

/// The help's layout, with clap's headings in `w`'s language.
fn template(command: &clap::Command, w: &Words) -> String {
    let shown = |a: &Arg| !a.is_hide_set();
    let mut t = format!(
        "{{before-help}}{{about-with-newline}}\n{}: {{usage}}",
        w.usage
    );
    if command.get_subcommands().any(|s| !s.is_hide_set()) {
        t += &format!("\n\n{}:\n{{subcommands}}", w.commands);
    }
    if command.get_positionals().any(shown) {
        t += &format!("\n\n{}:\n{{positionals}}", w.arguments);
    }
    if (command.get_arguments()).any(|a| !a.is_positional() && shown(a)) {
        t += &format!("\n\n{}:\n{{options}}", w.options);
    }
    t + "{after-help}"
}

/// An argument's help in `lang`, with its default and its possible values said in it.
fn arg(a: Arg, lang: Lang, path: &str, w: &Words) -> Arg {
    let id = a.get_id().as_str().to_string();
    let (help, long) = match (id.as_str(), lang) {
        ("help", _) => (w.help.0.to_string(), Some(w.help.1.to_string())),
        ("version", _) => (w.version.to_string(), None),
        (_, Lang::Vi) => (
            a.get_help().map(ToString::to_string).unwrap_or_default(),
            a.get_long_help().map(ToString::to_string),
        ),
        (_, Lang::En) => match en::arg(path, &id) {
            Some((help, long)) => {
                let long = (!long.is_empty()).then(|| format!("{help}\n\n{long}"));
                (help.to_string(), long)
            }
            None => (
                a.get_help().map(ToString::to_string).unwrap_or_default(),
                None,
            ),
        },
    };
    let takes = a.get_action().takes_values();
    let defaults: Vec<String> = (a.get_default_values().iter())
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let values: Vec<PossibleValue> = (a.get_possible_values().into_iter())
        .filter(|v| !v.is_hide_set())
        .collect();
    let default = (takes && !defaults.is_empty() && !a.is_hide_default_value_set())
        .then(|| format!("[{}: {}]", w.default, defaults.join(", ")));
    let values = match takes && !a.is_hide_possible_values_set() {
        true => values,
        false => Vec::new(),
    };
    let names: Vec<&str> = values.iter().map(PossibleValue::get_name).collect();
    let mut short = help.clone();
    for spec in default
        .iter()
        .cloned()
        .chain((!names.is_empty()).then(|| format!("[{}: {}]", w.values, names.join(", "))))
    {
        short = format!("{short} {spec}");
    }
    let described = values.iter().any(|v| v.get_help().is_some());
    let mut long = long.unwrap_or(help);
    if described {
        let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
        long += &format!("\n\n{}:", w.values_long);
        for v in &values {
            let name = v.get_name();
            let said = match lang {
                Lang::Vi => v.get_help().map(ToString::to_string).unwrap_or_default(),
                Lang::En => en::value(name).unwrap_or_default().to_string(),
            };
            let pad = " ".repeat(width - name.chars().count());
            long += &format!("\n- {name}:{pad} {said}");
        }
    } else if !names.is_empty() {
        long += &format!("\n\n[{}: {}]", w.values, names.join(", "));
    }
    if let Some(default) = default {
        long += &format!("\n\n{default}");
    }
    a.help(short)
        .long_help(long)
        .hide_default_value(true)
        .hide_possible_values(true)
}
