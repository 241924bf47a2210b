//! ire checks an English spec before anyone spends tokens executing it.
//!
//! The pipeline: [`spec`] loads a file into clauses; a [`translate::Backend`] turns it into
//! the typed [`ir::Ir`] and back into English without seeing the original; [`score`]
//! measures how far the round trip drifted; [`gate`] decides; [`meter`] accounts for clock,
//! coin and carbon; [`run`] drives one spec or a batch; [`ledger`] records every check and
//! [`report`] renders a run. The library never prints; the binary owns the terminal.
//!
//! The modules form layers, lowest first (enforced by `tests/architecture.rs`): leaves
//! ([`ir`], [`meter`], [`exit_code`], [`plural`], [`suggest`], [`secrets`]); [`error`] and
//! [`lang`]; [`spec`], [`git`], [`exec`]; [`score`] and [`translate`]; [`gate`] and
//! [`cache`]; [`config`]; [`run`]; [`ledger`], [`baseline`], [`calibrate`]; [`report`].

pub mod baseline;
pub mod cache;
pub mod calibrate;
pub mod config;
pub mod error;
pub mod exec;
pub mod exit_code;
pub mod gate;
pub mod git;
pub mod ir;
pub mod lang;
pub mod ledger;
pub mod lsp;
pub mod meter;
pub mod plural;
pub mod report;
pub mod run;
pub mod score;
pub mod secrets;
pub mod spec;
pub mod suggest;
pub mod translate;
