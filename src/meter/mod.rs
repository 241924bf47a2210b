//! Clock, coin and carbon: usage in, money and emissions out.
//!
//! The meter depends on nothing above it. A backend reports the calls it made ([`Call`],
//! [`Usage`]); the meter prices them ([`Prices`]), estimates their energy and emissions
//! ([`carbon`]), adds the local CPU's share, and keeps spending within a [`Budget`].

pub mod budget;
pub mod carbon;
pub mod clock;
pub mod cost;
pub mod display;
pub mod prices;
pub mod usage;

pub use budget::Budget;
pub use carbon::{Carbon, LOCAL_METHOD};
pub use clock::Stopwatch;
pub use cost::Cost;
pub use prices::{PRICES_SOURCE, Price, Prices, model_names};
pub use usage::{Call, Usage};
