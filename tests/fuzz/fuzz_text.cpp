// Text and id normalisation on arbitrary bytes. Each function either answers
// or throws std::invalid_argument (bytes that are not UTF-8, an id that is
// malformed); anything else is a finding. Answers must be stable: cleaning is
// idempotent, a key is a fixed point of name_key, the ASCII fast path agrees
// with the general one, and a canonical id parses back to itself.
#include "fuzz_common.hpp"
#include "reelgraph/text.hpp"

namespace {

using namespace reelgraph;

template <class Fn>
bool refused(Fn fn) {
  try {
    fn();
    return false;
  } catch (const std::invalid_argument&) {
    return true;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  std::string cleaned;
  const bool bad_utf8 = refused([&] { cleaned = clean_text(text); });
  if (!bad_utf8) {
    REELGRAPH_FUZZ_CHECK(clean_text(cleaned) == cleaned);
    REELGRAPH_FUZZ_CHECK(detail::clean_text_unicode(text) == cleaned);
    const std::string key = name_key(text);
    REELGRAPH_FUZZ_CHECK(name_key(key) == key);
    REELGRAPH_FUZZ_CHECK(detail::name_key_unicode(text) == key);
    REELGRAPH_FUZZ_CHECK(name_key(cleaned) == key);
  } else {
    // Both entry points agree that the bytes are not text.
    REELGRAPH_FUZZ_CHECK(refused([&] { (void)name_key(text); }));
  }

  std::optional<ExternalId> id;
  if (!refused([&] { id = parse_external_id(text); }) && id) {
    REELGRAPH_FUZZ_CHECK(id->scheme != IdScheme::none && !id->canonical.empty());
    const auto again = parse_external_id(id->canonical);
    REELGRAPH_FUZZ_CHECK(again && again->scheme == id->scheme && again->canonical == id->canonical);
  }
  std::string title;
  if (!refused([&] { title = imdb_title_id(text); })) {
    const auto again = parse_external_id(title);
    REELGRAPH_FUZZ_CHECK(again && again->scheme == IdScheme::imdb_title && again->canonical == title);
  }
  std::string key;
  if (!refused([&] { key = film_key(text); })) {
    if (key.rfind("film:", 0) == 0) {
      // A local id never reads as an external one once folded.
      REELGRAPH_FUZZ_CHECK(!refused([&] { REELGRAPH_FUZZ_CHECK(!parse_external_id(key.substr(5))); }));
      REELGRAPH_FUZZ_CHECK(film_key(key.substr(5)) == key);
    } else {
      REELGRAPH_FUZZ_CHECK(film_key(key) == key);
    }
  }
  (void)refused([&] { (void)entity_key(NodeKind::person, text); });
  return 0;
}
