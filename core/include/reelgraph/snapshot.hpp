// Snapshots: a built FilmGraph written to one binary file and read back
// without parsing or re-indexing anything.
//
// Layout (all integers little-endian, format version 1):
//   header   64 bytes: magic "\x89RGSNAP\n", format version, header size, file
//            size, section count, byte-order mark, XXH3-64 of everything after
//            the header, reserved, XXH3-64 of the header's first 56 bytes
//   directory  one 24-byte entry per section: id, element size, offset, count
//   sections   the graph's arrays as they sit in memory, each 64-byte aligned
// A file is refused (SnapshotError) unless the magic, version, byte order,
// size, both checksums and every index inside it check out, so a truncated,
// corrupted, foreign or newer file is never read as a graph.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "reelgraph/graph.hpp"

namespace reelgraph {

inline constexpr std::uint32_t kSnapshotVersion = 2;

class SnapshotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a snapshot says about itself, read from its header alone.
struct SnapshotInfo {
  std::uint32_t version = 0;
  std::uint64_t file_bytes = 0;
  std::uint64_t checksum = 0;
};

// Writes `graph` and a free-text `metadata` blob (the Python layer keeps its
// build report there, as JSON) to `path`. The file is written under a
// temporary name beside it and renamed into place, so a crash leaves either
// the old file or the new one, never half of one. Throws SnapshotError when
// the file cannot be written.
void save_snapshot(const FilmGraph& graph, const std::string& path, std::string_view metadata = {});

// Reads a snapshot written by save_snapshot. `metadata`, when given, receives
// the blob. Throws SnapshotError naming the file and what is wrong with it.
FilmGraph load_snapshot(const std::string& path, std::string* metadata = nullptr);

// Checks the header only (cheap): magic, version, byte order, header checksum
// and size. Throws SnapshotError like load_snapshot.
SnapshotInfo inspect_snapshot(const std::string& path);

}  // namespace reelgraph
