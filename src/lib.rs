//! parindex: scores PAR INDEX (Chỉ số CCHC) self-assessments exactly.

pub mod criteria;
pub mod error;
pub mod number;
