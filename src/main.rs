use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = parindex::cli::Cli::parse();
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
