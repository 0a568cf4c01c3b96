use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = parindex::cli::Cli::parse();
    match parindex::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(e.exit_code())
        }
    }
}
