// Writers: a Result as terminal text, JSON (the schema other tools read), CSV; files written atomically
// (hopfield/file_bytes.hpp: a failure leaves no partial file, symlinks are followed, special files refused).
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

#include "hopfield/file_bytes.hpp"
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

/// True for the two names of standard output that output options accept: "-" and "/dev/stdout".
bool is_standard_output(const std::filesystem::path& path);

/// Writes `content` to standard output when is_standard_output(path) (directly: nothing to make atomic),
/// else to the file `path` with hopfield::write_file_atomically. Throws hopfield::Error naming the path.
void write_output_file(const std::filesystem::path& path, std::string_view content);

/// Writes every table of every result as DIR/<experiment>-<k>.csv (k from 1), each atomically. Creates DIR
/// (a trailing separator is fine).
void write_csv_files(const std::vector<Result>& results, const std::filesystem::path& directory);

}  // namespace hopfield::experiments
