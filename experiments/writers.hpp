// Writers: a Result as terminal text, JSON (the schema other tools read), CSV; files written atomically.
//
// JSON schema (a contract; keys may be added, never renamed):
//   {"experiments":[{"name":"…","params":{…},"tables":[{"title":"…","columns":["…"],"rows":[[…],…]}],
//                    "figures":[…],"notes":[…]}]}
// Numbers are JSON numbers; an empty cell (or a NaN) is null.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"

namespace hopfield::experiments {

/// Aligned plain-text tables with the experiment's name, parameters and notes.
std::string format_result(const Result& result);

/// One table as aligned text.
std::string format_table(const Table& table);

/// The JSON document for a list of results.
nlohmann::json to_json(const std::vector<Result>& results);

/// One table as CSV (RFC 4180 quoting).
std::string to_csv(const Table& table);

/// Writes `content` to a temporary file beside `path` and renames it into place, so a failure never leaves
/// a partial file. Throws hopfield::Error naming the path.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// Writes every table of every result as DIR/<experiment>-<k>.csv (k from 1). Creates DIR.
void write_csv_files(const std::vector<Result>& results, const std::filesystem::path& directory);

}  // namespace hopfield::experiments
