//! The documented exit codes: the contract ire keeps with CI systems.
//!
//! They are part of the public interface; changing one is a breaking change.

/// A process exit code with a documented meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExitCode(pub u8);

impl ExitCode {
    /// Every spec was checked and accepted.
    pub const ACCEPTED: Self = Self(0);
    /// Every spec was checked and at least one was blocked.
    pub const BLOCKED: Self = Self(1);
    /// Usage, configuration or input error: a bad flag or config, no spec matched, an unreadable spec.
    pub const USAGE: Self = Self(2);
    /// A check could not be completed: a backend failed, or ire itself did (an internal error).
    pub const BACKEND: Self = Self(3);
    /// The budget would have been exceeded; unchecked specs are listed.
    pub const BUDGET: Self = Self(4);

    /// Combines two outcomes so that the most serious one wins.
    ///
    /// The codes are numbered by severity: a budget stop (4) outranks a backend failure (3),
    /// which outranks an input error (2), which outranks a blocked spec (1).
    #[must_use]
    pub fn worst(self, other: Self) -> Self {
        Self(self.0.max(other.0))
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code.0)
    }
}

#[cfg(test)]
mod tests {
    use super::ExitCode;

    #[test]
    fn worst_keeps_the_most_serious_outcome() {
        assert_eq!(ExitCode::ACCEPTED.worst(ExitCode::BLOCKED), ExitCode::BLOCKED);
        assert_eq!(ExitCode::USAGE.worst(ExitCode::BLOCKED), ExitCode::USAGE);
        assert_eq!(ExitCode::BLOCKED.worst(ExitCode::BACKEND), ExitCode::BACKEND);
        assert_eq!(ExitCode::BUDGET.worst(ExitCode::ACCEPTED), ExitCode::BUDGET);
    }
}
