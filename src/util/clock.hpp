#pragma once
// Timestamps as scimd stores and returns them: UTC, ISO 8601 with exactly three fractional
// digits and 'Z' (RFC 7643 §2.3.5 xsd:dateTime). The fixed width makes text order equal time
// order, which the filter translator relies on for meta.created / meta.lastModified.
#include <string>

namespace scimd::util {

/// The current time, e.g. "2026-11-25T13:04:05.123Z".
std::string now_iso8601();

/// The time `seconds` from now, in the same format.
std::string iso8601_after(long long seconds);

}  // namespace scimd::util
