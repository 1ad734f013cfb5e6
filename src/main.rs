//! `press-annotate`: the window, or a subcommand of the command line.

use clap::Parser;
use press_annotate::cli::{self, Cli};

/// mimalloc: loading a long article's set allocates hundreds of thousands of small strings
/// and maps on rayon's threads, where glibc's per-thread heaps grew a page range at a time
/// (a system call and page faults each: a third of `validate` on one core).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            std::process::exit(err.exit_code());
        }
    };
    let code = match cli.command {
        Some(command) => match cli::run(command) {
            Ok(code) => code,
            Err(err) => {
                eprintln!("press-annotate: {err:#}");
                cli::EXIT_PROBLEMS
            }
        },
        #[cfg(feature = "window")]
        None => match press_annotate::app::run(cli.path, cli.annotator, cli.adjudicate) {
            Ok(()) => cli::EXIT_OK,
            Err(err) => {
                eprintln!("press-annotate: {err:#}");
                cli::EXIT_PROBLEMS
            }
        },
        #[cfg(not(feature = "window"))]
        None => {
            let _ = (cli.path, cli.annotator, cli.adjudicate);
            eprintln!(
                "press-annotate: built without the window (feature \"window\"); give a command, see --help"
            );
            cli::EXIT_USAGE
        }
    };
    exit_now(code);
}

/// Ends the process with `code` once standard output is flushed, without the allocator's
/// clean-up at exit: mimalloc would walk and hand back every page it holds, one by one,
/// which the system does at once when the process ends (3 ms of `suggest` on a long
/// article). Everything the commands and the window write is written and closed before
/// this.
fn exit_now(code: i32) -> ! {
    use std::io::Write;
    let flushed = std::io::stdout().flush();
    #[cfg(unix)]
    if flushed.is_ok() {
        // SAFETY: `_exit` ends the process at once; nothing of it is used after.
        unsafe { libc::_exit(code) }
    }
    let _ = flushed;
    std::process::exit(code)
}
