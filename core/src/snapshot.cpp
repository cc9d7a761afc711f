#include "reelgraph/snapshot.hpp"

#include "reelgraph/huge_pages.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <vector>

namespace reelgraph {

// Reads and writes FilmGraph's private arrays; a friend of FilmGraph and
// StringTable so that neither has to expose its storage to everyone.
class SnapshotIo {
 public:
  static void save(const FilmGraph& g, const std::string& path, std::string_view metadata);
  static FilmGraph load(const std::string& path, std::string* metadata);
};

namespace {

constexpr std::array<char, 8> kMagic = {'\x89', 'R', 'G', 'S', 'N', 'A', 'P', '\n'};
constexpr std::uint32_t kByteOrderMark = 0x01020304;
constexpr std::size_t kHeaderBytes = 64;
constexpr std::size_t kEntryBytes = 24;
constexpr std::size_t kAlign = 64;

static_assert(sizeof(EdgeData) == 1 && sizeof(NodeKind) == 1, "snapshot sections assume one-byte labels");

enum class Section : std::uint32_t {
  counts = 1,
  rowstart,
  column,
  relation,
  kinds,
  years,
  names,
  keys,
  film_degree,
  string_chars,
  string_offsets,
  key_order,
  title_keys,
  title_order,
  aliases,
  metadata,
  // Version 2: the search index (FilmGraph::search), its keys in the string table.
  search_keys,
  search_vertices,
};
constexpr std::uint32_t kSectionCount = 18;

const char* section_name(std::uint32_t id) {
  static constexpr const char* names[] = {
      "?",          "counts",         "rowstart",  "column",     "relation",    "kinds",
      "years",      "names",          "keys",      "film_degree", "string_chars", "string_offsets",
      "key_order",  "title_keys",     "title_order", "aliases",  "metadata",
      "search_keys", "search_vertices"};
  return id <= kSectionCount ? names[id] : "?";
}

// Element size each section must have.
std::uint32_t element_bytes(Section s) {
  switch (s) {
    case Section::counts: return 8;
    case Section::rowstart: return 4;
    case Section::column: return 4;
    case Section::relation: return 1;
    case Section::kinds: return 1;
    case Section::years: return 2;
    case Section::names: return 4;
    case Section::keys: return 4;
    case Section::film_degree: return 4;
    case Section::string_chars: return 1;
    case Section::string_offsets: return 8;
    case Section::key_order: return 4;
    case Section::title_keys: return 4;
    case Section::title_order: return 4;
    case Section::aliases: return 1;
    case Section::metadata: return 1;
    case Section::search_keys: return 4;
    case Section::search_vertices: return 4;
  }
  return 0;
}

std::size_t align_up(std::size_t n) { return (n + kAlign - 1) / kAlign * kAlign; }

template <class T>
void put(unsigned char* at, T value) {
  std::memcpy(at, &value, sizeof value);
}
template <class T>
T get(const unsigned char* at) {
  T value;
  std::memcpy(&value, at, sizeof value);
  return value;
}

struct Blob {
  Section id;
  const void* data;
  std::uint64_t count;
};

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw SnapshotError(path + ": " + what);
}

// Removes the temporary file unless the write reached its rename.
struct TempFile {
  std::string name;  // set once this process has created the file
  std::FILE* file = nullptr;
  bool done = false;
  ~TempFile() {
    if (file) std::fclose(file);
    if (!done && !name.empty()) std::remove(name.c_str());
  }
};

// Creates a new file beside `path` for writing, under a name no one can have
// prepared: O_EXCL refuses a name that exists (a planted file or symlink is
// never opened, truncated or written through), O_NOFOLLOW refuses a symlink
// even where O_EXCL alone would not, and the random part makes the name
// unguessable, so a planted name only costs another try.
void create_temp(TempFile& tmp, const std::string& path) {
  std::random_device random;
  for (int attempt = 0; attempt < 64; ++attempt) {
    char suffix[40];
    std::snprintf(suffix, sizeof suffix, ".partial-%ld-%08x%08x", static_cast<long>(::getpid()), random(), random());
    const std::string name = path + suffix;
    const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) {
      if (errno == EEXIST || errno == ELOOP) continue;
      fail(path, std::string("cannot write: ") + std::strerror(errno));
    }
    tmp.name = name;
    tmp.file = ::fdopen(fd, "wb");
    if (!tmp.file) {
      const int err = errno;
      ::close(fd);
      fail(path, std::string("cannot write: ") + std::strerror(err));
    }
    return;
  }
  fail(path, "cannot write: no free temporary name beside it after 64 tries");
}

// Opens a file for reading only if it is a regular file. O_NONBLOCK keeps the
// open of a FIFO from waiting for a writer; a FIFO, a device (/dev/zero never
// ends) or a folder is then refused by its type.
int open_regular(const std::string& path, struct stat& st) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) fail(path, std::string("cannot open: ") + std::strerror(errno));
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    fail(path, std::string("cannot open: ") + std::strerror(err));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    fail(path, S_ISDIR(st.st_mode) ? "a folder, not a snapshot file" : "not a regular file (a device, pipe or socket)");
  }
  return fd;
}

struct FdCloser {
  int fd;
  ~FdCloser() { ::close(fd); }
};

// The whole file, read into memory this process owns. A mapping of the file
// would be cheaper by one copy, but a file shrunk underneath a mapping (a
// snapshot rewritten in place while it loads) kills the process with SIGBUS
// at the first access past its new end; a read only ever sees fewer bytes,
// which is an error like any other. The body's checksum is computed chunk by
// chunk as it arrives, while the chunk is still in cache.
struct FileBytes {
  std::unique_ptr<unsigned char[]> bytes;
  std::size_t size = 0;
  std::uint64_t body_checksum = 0;  // XXH3 of bytes [kHeaderBytes, size)
  const unsigned char* data() const { return bytes.get(); }
};

FileBytes read_file(const std::string& path) {
  struct stat st {};
  const FdCloser fd{open_regular(path, st)};
  FileBytes file;
  file.size = static_cast<std::size_t>(st.st_size);
  ::posix_fadvise(fd.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  file.bytes.reset(new unsigned char[std::max<std::size_t>(file.size, 1)]);
  detail::advise_huge_pages(file.bytes.get(), file.size);
  XXH3_state_t* state = XXH3_createState();
  if (!state) throw std::bad_alloc();
  std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state_owner(state, &XXH3_freeState);
  XXH3_64bits_reset(state);
  constexpr std::size_t kChunk = std::size_t{1} << 20;  // fits in L2: hashed before it is evicted
  std::size_t got = 0;
  while (got < file.size) {
    const ssize_t n = ::read(fd.fd, file.bytes.get() + got, std::min(kChunk, file.size - got));
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path, std::string("cannot read: ") + std::strerror(errno));
    }
    if (n == 0)
      fail(path, "changed while it was read: it ended after " + std::to_string(got) + " of the " +
                     std::to_string(file.size) + " bytes it had when opened");
    const std::size_t end = got + static_cast<std::size_t>(n);
    if (end > kHeaderBytes) {
      const std::size_t from = std::max(got, kHeaderBytes);
      XXH3_64bits_update(state, file.bytes.get() + from, end - from);
    }
    got = end;
  }
  unsigned char more = 0;
  ssize_t extra;
  do extra = ::read(fd.fd, &more, 1);
  while (extra < 0 && errno == EINTR);
  if (extra > 0) fail(path, "changed while it was read: it grew past the " + std::to_string(file.size) + " bytes it had when opened");
  file.body_checksum = XXH3_64bits_digest(state);
  return file;
}

// Whether [data, data + n) is UTF-8 as Python decodes it: no overlong forms,
// no surrogates, nothing past U+10FFFF. Queries hand the graph's strings to
// Python as str; a forged file that passes its checksums must not make one of
// them fail to decode.
bool valid_utf8(const unsigned char* s, std::size_t n) {
  std::size_t i = 0;
  while (i < n) {
    // Eight ASCII bytes at a time: most names are mostly ASCII.
    if (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, s + i, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (std::size_t j = 1; j < len; ++j) {
      if ((s[i + j] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + j] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return false;
    i += len;
  }
  return true;
}

struct Header {
  std::uint32_t version, header_bytes, section_count, byte_order;
  std::uint64_t file_bytes, body_checksum;
};

Header check_header(const std::string& path, const unsigned char* data, std::size_t size) {
  if (size < kHeaderBytes || std::memcmp(data, kMagic.data(), kMagic.size()) != 0) {
    if (size >= kMagic.size() && std::memcmp(data, kMagic.data(), kMagic.size()) == 0)
      fail(path, "truncated: " + std::to_string(size) + " bytes, shorter than a snapshot header");
    fail(path, "not a reelgraph snapshot (it does not start with the snapshot signature)");
  }
  Header h{};
  h.version = get<std::uint32_t>(data + 8);
  h.header_bytes = get<std::uint32_t>(data + 12);
  h.file_bytes = get<std::uint64_t>(data + 16);
  h.section_count = get<std::uint32_t>(data + 24);
  h.byte_order = get<std::uint32_t>(data + 28);
  h.body_checksum = get<std::uint64_t>(data + 32);
  if (h.byte_order != kByteOrderMark) {
    if (h.byte_order == 0x04030201u)
      fail(path, "written on a machine of the other byte order; rebuild it here");
    fail(path, "corrupted header (byte-order mark)");
  }
  if (XXH3_64bits(data, 56) != get<std::uint64_t>(data + 56)) fail(path, "corrupted header (checksum mismatch)");
  if (h.version != kSnapshotVersion)
    fail(path, "snapshot format version " + std::to_string(h.version) + "; this reelgraph reads version " +
                   std::to_string(kSnapshotVersion) + " (rebuild the snapshot with this version)");
  if (h.header_bytes != kHeaderBytes) fail(path, "corrupted header (header size)");
  if (size < h.file_bytes)
    fail(path, "truncated: " + std::to_string(size) + " of " + std::to_string(h.file_bytes) + " bytes");
  if (size > h.file_bytes)
    fail(path, std::to_string(size - h.file_bytes) + " unexpected bytes after the end of the snapshot");
  return h;
}

}  // namespace

void SnapshotIo::save(const FilmGraph& g, const std::string& path, std::string_view metadata) {
  static_assert(std::endian::native == std::endian::little || std::endian::native == std::endian::big);
  const auto& csr = g.csr_;
  const std::array<std::uint64_t, 6> counts = {g.film_count_, g.duplicate_links_, g.vertex_count(),
                                              g.edge_count(), g.strings_.size(), 0};
  // Aliases in sorted order: the same graph always gives the same bytes.
  std::vector<std::pair<std::string_view, std::string_view>> alias_pairs(g.alias_to_key_.begin(),
                                                                          g.alias_to_key_.end());
  std::sort(alias_pairs.begin(), alias_pairs.end());
  std::string aliases;
  for (const auto& [a, k] : alias_pairs) {
    aliases.append(a).push_back('\0');
    aliases.append(k).push_back('\0');
  }
  const std::array<Blob, kSectionCount> blobs = {{
      {Section::counts, counts.data(), counts.size()},
      {Section::rowstart, csr.m_forward.m_rowstart.data(), csr.m_forward.m_rowstart.size()},
      {Section::column, csr.m_forward.m_column.data(), csr.m_forward.m_column.size()},
      {Section::relation, csr.m_forward.m_edge_properties.data(), csr.m_forward.m_edge_properties.size()},
      {Section::kinds, g.kinds_.data(), g.kinds_.size()},
      {Section::years, g.years_.data(), g.years_.size()},
      {Section::names, g.names_.data(), g.names_.size()},
      {Section::keys, g.keys_.data(), g.keys_.size()},
      {Section::film_degree, g.film_degree_.data(), g.film_degree_.size()},
      {Section::string_chars, g.strings_.chars_.data(), g.strings_.chars_.size()},
      {Section::string_offsets, g.strings_.offsets_.data(), g.strings_.offsets_.size()},
      {Section::key_order, g.key_order_.data(), g.key_order_.size()},
      {Section::title_keys, g.title_keys_.data(), g.title_keys_.size()},
      {Section::title_order, g.title_order_.data(), g.title_order_.size()},
      {Section::aliases, aliases.data(), aliases.size()},
      {Section::metadata, metadata.data(), metadata.size()},
      {Section::search_keys, g.search_keys_.data(), g.search_keys_.size()},
      {Section::search_vertices, g.search_vertices_.data(), g.search_vertices_.size()},
  }};

  std::vector<unsigned char> directory(kSectionCount * kEntryBytes);
  std::size_t offset = align_up(kHeaderBytes + directory.size());
  for (std::size_t i = 0; i < blobs.size(); ++i) {
    const std::uint32_t elem = element_bytes(blobs[i].id);
    unsigned char* entry = directory.data() + i * kEntryBytes;
    put(entry, static_cast<std::uint32_t>(blobs[i].id));
    put(entry + 4, elem);
    put(entry + 8, static_cast<std::uint64_t>(offset));
    put(entry + 16, blobs[i].count);
    offset = align_up(offset + blobs[i].count * elem);
  }
  const std::uint64_t file_bytes = offset;

  TempFile tmp;
  create_temp(tmp, path);
  XXH3_state_t* state = XXH3_createState();
  if (!state) throw std::bad_alloc();
  std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state_owner(state, &XXH3_freeState);
  XXH3_64bits_reset(state);

  std::size_t written = 0;
  const auto write = [&](const void* data, std::size_t n, bool hashed) {
    if (n == 0) return;
    if (std::fwrite(data, 1, n, tmp.file) != n) fail(path, std::string("cannot write: ") + std::strerror(errno));
    if (hashed) XXH3_64bits_update(state, data, n);
    written += n;
  };
  static const std::array<unsigned char, kAlign> zeros{};
  const auto pad = [&] { write(zeros.data(), align_up(written) - written, true); };

  std::array<unsigned char, kHeaderBytes> header{};
  write(header.data(), header.size(), false);  // rewritten once the checksum is known
  write(directory.data(), directory.size(), true);
  pad();
  for (const auto& b : blobs) {
    write(b.data, b.count * element_bytes(b.id), true);
    pad();
  }
  if (written != file_bytes) fail(path, "internal error: section layout disagrees with the bytes written");

  std::memcpy(header.data(), kMagic.data(), kMagic.size());
  put(header.data() + 8, kSnapshotVersion);
  put(header.data() + 12, static_cast<std::uint32_t>(kHeaderBytes));
  put(header.data() + 16, file_bytes);
  put(header.data() + 24, kSectionCount);
  put(header.data() + 28, kByteOrderMark);
  put(header.data() + 32, static_cast<std::uint64_t>(XXH3_64bits_digest(state)));
  put(header.data() + 56, static_cast<std::uint64_t>(XXH3_64bits(header.data(), 56)));
  if (std::fseek(tmp.file, 0, SEEK_SET) != 0 || std::fwrite(header.data(), 1, header.size(), tmp.file) != header.size() ||
      std::fflush(tmp.file) != 0 || ::fsync(::fileno(tmp.file)) != 0)
    fail(path, std::string("cannot write: ") + std::strerror(errno));
  std::fclose(tmp.file);
  tmp.file = nullptr;
  if (std::rename(tmp.name.c_str(), path.c_str()) != 0)
    fail(path, std::string("cannot rename the finished file into place: ") + std::strerror(errno));
  tmp.done = true;
}

FilmGraph SnapshotIo::load(const std::string& path, std::string* metadata) {
  const FileBytes file = read_file(path);
  const Header h = check_header(path, file.data(), file.size);
  if (file.body_checksum != h.body_checksum)
    fail(path, "corrupted: the contents do not match the checksum in the header");

  // The directory: every section once, each inside the file.
  if (h.section_count > 1024 || kHeaderBytes + std::uint64_t{h.section_count} * kEntryBytes > h.file_bytes)
    fail(path, "corrupted directory (section count)");
  struct Span {
    const unsigned char* data = nullptr;
    std::uint64_t count = 0;
    bool present = false;
  };
  std::array<Span, kSectionCount + 1> spans{};
  for (std::uint32_t i = 0; i < h.section_count; ++i) {
    const unsigned char* entry = file.data() + kHeaderBytes + i * kEntryBytes;
    const auto id = get<std::uint32_t>(entry);
    const auto elem = get<std::uint32_t>(entry + 4);
    const auto offset = get<std::uint64_t>(entry + 8);
    const auto count = get<std::uint64_t>(entry + 16);
    if (id == 0 || id > kSectionCount) continue;  // a later minor addition: skip what is not known
    if (spans[id].present) fail(path, std::string("section '") + section_name(id) + "' appears twice");
    if (elem != element_bytes(static_cast<Section>(id)))
      fail(path, std::string("section '") + section_name(id) + "' has elements of " + std::to_string(elem) + " bytes");
    if (offset > h.file_bytes || count > (h.file_bytes - offset) / elem)
      fail(path, std::string("section '") + section_name(id) + "' reaches past the end of the file");
    spans[id] = {file.data() + offset, count, true};
  }
  for (std::uint32_t id = 1; id <= kSectionCount; ++id)
    if (!spans[id].present) fail(path, std::string("section '") + section_name(id) + "' is missing");

  const auto section = [&](Section s) -> const Span& { return spans[static_cast<std::uint32_t>(s)]; };
  const auto expect_count = [&](Section s, std::uint64_t n) {
    if (section(s).count != n)
      fail(path, std::string("section '") + section_name(static_cast<std::uint32_t>(s)) + "' holds " +
                     std::to_string(section(s).count) + " entries where " + std::to_string(n) + " are expected");
  };
  const auto copy = [&](Section s, auto& out) {
    const Span& sp = section(s);
    out.clear();
    detail::resize_on_huge_pages(out, sp.count);
    if (sp.count) std::memcpy(out.data(), sp.data, sp.count * sizeof(out[0]));
  };

  expect_count(Section::counts, 6);
  std::array<std::uint64_t, 6> counts{};
  std::memcpy(counts.data(), section(Section::counts).data, sizeof counts);
  const auto [film_count, duplicates, vertex_count, edge_count, string_count, reserved] = counts;
  (void)reserved;
  if (vertex_count >= kNoVertex || edge_count >= std::numeric_limits<std::uint32_t>::max() ||
      film_count > vertex_count || string_count >= std::numeric_limits<std::uint32_t>::max())
    fail(path, "corrupted counts");
  expect_count(Section::rowstart, vertex_count + 1);
  expect_count(Section::column, edge_count);
  expect_count(Section::relation, edge_count);
  for (Section s : {Section::kinds, Section::years, Section::names, Section::keys, Section::film_degree,
                    Section::key_order})
    expect_count(s, vertex_count);
  expect_count(Section::string_offsets, string_count + 1);
  expect_count(Section::title_keys, film_count);
  expect_count(Section::title_order, film_count);

  FilmGraph g;
  g.film_count_ = film_count;
  g.duplicate_links_ = duplicates;
  auto& fwd = g.csr_.m_forward;
  copy(Section::rowstart, fwd.m_rowstart);
  copy(Section::column, fwd.m_column);
  copy(Section::relation, g.csr_.m_forward.m_edge_properties);
  copy(Section::kinds, g.kinds_);
  copy(Section::years, g.years_);
  copy(Section::names, g.names_);
  copy(Section::keys, g.keys_);
  copy(Section::film_degree, g.film_degree_);
  copy(Section::string_offsets, g.strings_.offsets_);
  copy(Section::key_order, g.key_order_);
  copy(Section::title_keys, g.title_keys_);
  copy(Section::title_order, g.title_order_);
  expect_count(Section::search_vertices, section(Section::search_keys).count);
  copy(Section::search_keys, g.search_keys_);
  copy(Section::search_vertices, g.search_vertices_);
  const Span& chars = section(Section::string_chars);
  g.strings_.chars_.assign(reinterpret_cast<const char*>(chars.data), chars.count);

  // Every index is checked before any query can follow it: a file whose
  // checksum is right can still have been made to lie.
  const auto bad = [&](const char* what) { fail(path, std::string("inconsistent contents: ") + what); };
  if (fwd.m_rowstart.front() != 0 || fwd.m_rowstart.back() != edge_count) bad("edge offsets do not span the edges");
  if (!std::is_sorted(fwd.m_rowstart.begin(), fwd.m_rowstart.end())) bad("edge offsets go backwards");
  for (VertexId t : fwd.m_column)
    if (t >= vertex_count) bad("an edge leads to a vertex that does not exist");
  for (EdgeData e : g.csr_.m_forward.m_edge_properties)
    if (static_cast<std::size_t>(e.relation) >= kRelationCount) bad("an edge has an unknown relation");
  std::array<NodeKind, kRelationCount> reaches{};
  for (std::size_t r = 0; r < kRelationCount; ++r) reaches[r] = target_kind(static_cast<Relation>(r));
  for (std::size_t v = 0; v < vertex_count; ++v) {
    const auto k = static_cast<std::size_t>(g.kinds_[v]);
    if (k >= kNodeKindCount) bad("a vertex has a wrong kind");
    // A relation says what kind of entity it reaches (see_also bounds a hub's
    // share by it): a film's link and its reverse must agree with that kind.
    const auto row = g.link_targets(static_cast<VertexId>(v));
    const auto labels = g.link_relations(static_cast<VertexId>(v));
    const bool from_film = v < film_count;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const auto r = static_cast<std::size_t>(labels[i].relation);
      if (r == static_cast<std::size_t>(Relation::part_of)) {
        if (from_film || row[i] < film_count) bad("a part_of link touches a film");
        continue;
      }
      if (from_film == (row[i] < film_count)) bad("a link joins two films or two entities");
      if ((from_film ? g.kinds_[row[i]] : g.kinds_[v]) != reaches[r])
        bad("a link's relation does not fit the kind of entity it reaches");
    }
    if (k >= kNodeKindCount || ((g.kinds_[v] == NodeKind::film) != (v < film_count))) bad("a vertex has a wrong kind");
    if (g.names_[v] >= string_count || g.keys_[v] >= string_count) bad("a vertex names a string that does not exist");
  }
  const auto& offs = g.strings_.offsets_;
  if (offs.front() != 0 || offs.back() != g.strings_.chars_.size() || !std::is_sorted(offs.begin(), offs.end()))
    bad("string offsets");
  // Every string is UTF-8 and starts on a character: the whole buffer is
  // valid and no offset falls inside a character.
  if (!valid_utf8(reinterpret_cast<const unsigned char*>(g.strings_.chars_.data()), g.strings_.chars_.size()))
    bad("a string is not UTF-8");
  for (std::uint64_t o : offs)
    if (o < g.strings_.chars_.size() && (static_cast<unsigned char>(g.strings_.chars_[o]) & 0xC0) == 0x80)
      bad("a string starts inside a character");
  for (std::uint32_t t : g.title_keys_)
    if (t >= string_count) bad("a title names a string that does not exist");
  const auto is_permutation = [](const std::vector<VertexId>& order, std::size_t n) {
    std::vector<bool> seen(n, false);
    for (VertexId v : order) {
      if (v >= n || seen[v]) return false;
      seen[v] = true;
    }
    return true;
  };
  if (!is_permutation(g.key_order_, vertex_count)) bad("key index");
  if (!is_permutation(g.title_order_, film_count)) bad("title index");
  // Each step of these checks reads a string from a random place: three
  // dependent cache misses (its index, its offset, its characters), fetched
  // in stages a few steps ahead so that they overlap.
  const auto string_ahead = [&](const std::vector<VertexId>& order, const std::vector<std::uint32_t>& string_of,
                                std::size_t i) {
    constexpr std::size_t step = 8;
    if (i + 3 * step < order.size()) __builtin_prefetch(string_of.data() + order[i + 3 * step]);
    if (i + 2 * step < order.size()) __builtin_prefetch(offs.data() + string_of[order[i + 2 * step]]);
    if (i + step < order.size()) __builtin_prefetch(g.strings_.chars_.data() + offs[string_of[order[i + step]]]);
  };
  for (std::size_t i = 1; i < g.key_order_.size(); ++i) {
    string_ahead(g.key_order_, g.keys_, i);
    if (!(g.key(g.key_order_[i - 1]) < g.key(g.key_order_[i]))) bad("key index out of order");
  }
  for (std::size_t i = 1; i < g.title_order_.size(); ++i) {
    string_ahead(g.title_order_, g.title_keys_, i);
    if (g.strings_.at(g.title_keys_[g.title_order_[i]]) < g.strings_.at(g.title_keys_[g.title_order_[i - 1]]))
      bad("title index out of order");
  }

  for (std::size_t i = 0; i < g.search_keys_.size(); ++i) {
    if (g.search_keys_[i] >= string_count) bad("a search entry names a string that does not exist");
    if (g.search_vertices_[i] >= vertex_count) bad("a search entry names a vertex that does not exist");
    if (i > 0) {
      const auto prev = g.strings_.at(g.search_keys_[i - 1]), cur = g.strings_.at(g.search_keys_[i]);
      if (cur < prev || (cur == prev && g.search_vertices_[i] <= g.search_vertices_[i - 1])) bad("search index out of order");
    }
  }

  const Span& al = section(Section::aliases);
  if (!valid_utf8(al.data, al.count)) bad("an alias is not UTF-8");
  std::string_view rest(reinterpret_cast<const char*>(al.data), al.count);
  while (!rest.empty()) {
    const auto a_end = rest.find('\0');
    if (a_end == std::string_view::npos) bad("aliases");
    const auto k_end = rest.find('\0', a_end + 1);
    if (k_end == std::string_view::npos) bad("aliases");
    g.alias_to_key_.emplace(std::string(rest.substr(0, a_end)), std::string(rest.substr(a_end + 1, k_end - a_end - 1)));
    rest.remove_prefix(k_end + 1);
  }
  g.build_hub_signatures();
  if (metadata) {
    const Span& md = section(Section::metadata);
    metadata->assign(reinterpret_cast<const char*>(md.data), md.count);
  }
  return g;
}

void save_snapshot(const FilmGraph& graph, const std::string& path, std::string_view metadata) {
  SnapshotIo::save(graph, path, metadata);
}

FilmGraph load_snapshot(const std::string& path, std::string* metadata) { return SnapshotIo::load(path, metadata); }

SnapshotInfo inspect_snapshot(const std::string& path) {
  // The header alone, and the file's size to check it against.
  struct stat st {};
  const FdCloser fd{open_regular(path, st)};
  std::array<unsigned char, kHeaderBytes> header{};
  std::size_t got = 0;
  while (got < header.size()) {
    const ssize_t n = ::read(fd.fd, header.data() + got, header.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(path, std::string("cannot read: ") + std::strerror(errno));
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  // A file shorter than a header is judged on the bytes there are.
  const Header h = check_header(path, header.data(), got < header.size() ? got : size);
  return SnapshotInfo{h.version, h.file_bytes, h.body_checksum};
}

}  // namespace reelgraph
