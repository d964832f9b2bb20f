// dateTime values (RFC 7643 §2.3.5, xsd:dateTime) as milliseconds since the Unix epoch, UTC.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace scimd::filters::detail {

/// Parses `YYYY-MM-DDTHH:MM[:SS[.fraction]][Z|±HH:MM]` (no zone means UTC) into epoch
/// milliseconds; fraction digits beyond milliseconds round half up, as SQLite's date
/// functions do. nullopt if the text is not such a dateTime.
std::optional<long long> parse_date_time(std::string_view text) noexcept;

/// Formats epoch milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ`, the form the store keeps in
/// meta timestamp columns and the form SQL normalises document values to.
std::string format_date_time(long long epoch_ms);

}  // namespace scimd::filters::detail
