// Runs a fuzz target over files without libFuzzer, so that the seed corpus
// and every committed crash replay under any compiler (and under the
// sanitizers) as an ordinary test. Arguments are files or folders; each file
// is one input. A finding aborts, failing the test.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

namespace {

void run(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg(argv[i]);
    if (fs::is_directory(arg)) {
      std::vector<fs::path> files;
      for (const auto& entry : fs::recursive_directory_iterator(arg))
        if (entry.is_regular_file()) files.push_back(entry.path());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        run(f);
        ++count;
      }
    } else if (fs::is_regular_file(arg)) {
      run(arg);
      ++count;
    } else {
      // A target with no committed findings has no regressions folder.
      std::printf("replay: %s is absent, nothing to replay there\n", argv[i]);
    }
  }
  std::printf("replayed %zu inputs\n", count);
  return 0;
}
