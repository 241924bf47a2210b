//! JUnit XML: one test case per spec; blocked specs are failures, errors are errors.

use std::io::{self, Write};
use std::time::Duration;

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use super::Reporter;
use crate::gate::Verdict;
use crate::run::RunReport;

/// The JUnit reporter.
#[derive(Debug, Clone, Copy)]
pub struct Junit;

impl Reporter for Junit {
    fn render(&self, run: &RunReport, out: &mut dyn Write) -> io::Result<()> {
        let mut suite = TestSuite::new("ire check");
        for r in &run.results {
            let name = r.path.display().to_string();
            let status = match r.verdict {
                Verdict::Accepted => TestCaseStatus::success(),
                // No worse than the baseline: not a failure of this change, so a skip with why.
                Verdict::Blocked if r.baselined => {
                    let mut status = TestCaseStatus::skipped();
                    status.set_message("blocked, as in the baseline").set_type("baselined");
                    status
                }
                Verdict::Blocked => {
                    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    let fidelity = r.fidelity.map_or_else(String::new, |f| format!("fidelity {f:.2}, "));
                    let blocking = r.findings.iter().filter(|f| f.severity == crate::gate::Severity::Blocking).count();
                    status
                        .set_message(format!("{fidelity}{}", crate::plural::count(blocking, "blocking finding")))
                        .set_type("blocked")
                        .set_description(super::findings_text(r));
                    status
                }
                Verdict::Error => {
                    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
                    status.set_message(r.error.clone().unwrap_or_default()).set_type("error");
                    status
                }
            };
            let mut case = TestCase::new(name, status);
            case.set_classname("ire").set_time(Duration::from_secs_f64(r.cost.wall_ms.max(0.0) / 1000.0));
            if let Some(f) = r.fidelity {
                case.add_property(("fidelity", format!("{f:.4}").as_str()));
            }
            suite.add_test_case(case);
        }
        let mut report = JunitReport::new("ire");
        report.add_test_suite(suite);
        report.serialize(&mut *out).map_err(io::Error::other)?;
        writeln!(out)
    }
}
