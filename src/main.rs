//! The `policylens` binary: parse the command line, run the subcommand, report errors.

mod cli;

use std::io::{BufWriter, ErrorKind, Write};
use std::process::ExitCode;

use clap::Parser;

/// mimalloc, built without transparent huge pages (`no_thp`: on this kind of machine a huge
/// page fault costs more than it saves, and rounds small reports' memory up). On a 100 MB
/// report, with [`keep_freed_memory`], about a fifth less time and up to a tenth less peak
/// memory than the system allocator; on 10 MB about 50 MB more peak memory (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc v3's `mi_option_t` (the 16th option), the version
/// libmimalloc-sys builds by default.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;
/// Its default there, checked before it is changed, so that another option layout is left alone.
const MI_DEFAULT_PURGE_DELAY: std::ffi::c_long = 1000;

unsafe extern "C" {
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// Keeps freed memory for reuse instead of returning it to the system a second later: the
/// stages free and allocate hundreds of megabytes in turn, and memory given back is zeroed by
/// the kernel again when it is next touched (a fifth of a 100 MB report's CPU time went to
/// that). A `MIMALLOC_PURGE_DELAY` the user sets (to anything but mimalloc's default, 1000)
/// is kept: 500 (milliseconds) gave a sixth less peak memory for about 5% more time on a
/// 100 MB report (BENCHMARKS.md).
fn keep_freed_memory() {
    // SAFETY: both functions only read or write mimalloc's option table (no pointers are
    // passed), and the option index is checked against its documented default first.
    unsafe {
        if mi_option_get(MI_OPTION_PURGE_DELAY) == MI_DEFAULT_PURGE_DELAY {
            mi_option_set(MI_OPTION_PURGE_DELAY, -1);
        }
    }
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = cli::Cli::parse();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = cli
        .run(&mut out)
        .and_then(|()| out.flush().map_err(Into::into));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`policylens segment … | head`) is the reader's choice, not a failure.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let io = cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == ErrorKind::BrokenPipe);
        let csv = cause.downcast_ref::<csv::Error>().is_some_and(
            |e| matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == ErrorKind::BrokenPipe),
        );
        let json = cause
            .downcast_ref::<serde_json::Error>()
            .is_some_and(|e| e.io_error_kind() == Some(ErrorKind::BrokenPipe));
        io || csv || json
    })
}
