//! Analysis: respondent scores, group aggregates, statistics and small-cell suppression. Pure:
//! takes a compiled survey and a stream of responses, gives an `Aggregates` value.
