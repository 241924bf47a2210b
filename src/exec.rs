//! Running the command of `ire exec`: directly (no shell), with the spec's variables in its
//! environment, its output streamed, and signals passed on.
//!
//! SIGTERM and SIGHUP sent to ire are forwarded to the command. SIGINT and SIGQUIT from a
//! terminal already reach the whole foreground process group, the command included, so ire
//! only keeps them from killing itself while the command decides what to do.

use std::ffi::{OsStr, OsString};
use std::process::Command;

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::error::{Error, Result};

/// How the command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// It exited with this code.
    Exited(i32),
    /// A signal ended it.
    Signalled(i32),
}

impl Status {
    /// The exit code ire passes on: the command's own, or 128 + the signal, as shells do.
    #[must_use]
    pub fn code(self) -> u8 {
        let code = match self {
            Self::Exited(c) => c,
            Self::Signalled(s) => 128 + s,
        };
        u8::try_from(code.clamp(0, 255)).unwrap_or(u8::MAX)
    }

    /// "exited with 0", "was ended by signal 15".
    #[must_use]
    pub fn describe(self) -> String {
        match self {
            Self::Exited(c) => format!("exited with {c}"),
            Self::Signalled(s) => format!("was ended by signal {s}"),
        }
    }
}

/// Runs `command` (program and arguments) with extra environment variables and waits for it.
pub fn run(command: &[OsString], env: &[(&str, &OsStr)]) -> Result<Status> {
    let (program, args) =
        command.split_first().ok_or_else(|| Error::Usage("`ire exec` needs a command after `--`".into()))?;
    let name = program.to_string_lossy().into_owned();
    let spawn_error = |source: std::io::Error| Error::Spawn { program: name.clone(), source };
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT]).map_err(spawn_error)?;
    let mut child = Command::new(program).args(args).envs(env.iter().copied()).spawn().map_err(spawn_error)?;
    let pid = i32::try_from(child.id()).ok().map(Pid::from_raw);
    let handle = signals.handle();
    let forwarder = std::thread::spawn(move || {
        for signal in signals.forever() {
            if (signal == SIGTERM || signal == SIGHUP)
                && let (Some(pid), Ok(signal)) = (pid, Signal::try_from(signal))
            {
                let _ = kill(pid, signal);
            }
        }
    });
    let status = child.wait().map_err(spawn_error);
    handle.close();
    let _ = forwarder.join();
    let status = status?;
    use std::os::unix::process::ExitStatusExt as _;
    Ok(match (status.code(), status.signal()) {
        (Some(code), _) => Status::Exited(code),
        (None, Some(signal)) => Status::Signalled(signal),
        (None, None) => Status::Exited(1),
    })
}
