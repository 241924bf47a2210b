//! ire checks an English spec before anyone spends tokens executing it.
//!
//! The pipeline: [`spec`] loads a file into clauses; a [`translate::Backend`] turns it into
//! the typed [`ir::Ir`] and back into English without seeing the original; [`score`]
//! measures how far the round trip drifted; [`gate`] decides; [`meter`] accounts for clock,
//! coin and carbon; [`report`] renders the run. The library never prints.

pub mod aggregate;
pub mod baseline;
pub mod budget;
pub mod cache;
pub mod calibrate;
pub mod carbon;
pub mod cli;
pub mod config;
pub mod error;
pub mod exec;
pub mod exit_code;
pub mod gate;
pub mod git;
pub mod ir;
pub mod ledger;
pub mod meter;
pub mod pipeline;
pub mod plural;
pub mod report;
pub mod score;
pub mod secrets;
pub mod spec;
pub mod suggest;
pub mod text;
pub mod translate;
