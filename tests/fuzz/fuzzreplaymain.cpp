// Runs a fuzz target without libFuzzer, for the normal test run: every file of the corpus
// folders (or files) given as arguments, then deterministic mutations of them. A crash, a
// sanitizer report or an abort() in the target fails the test.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

using Bytes = std::vector<uint8_t>;

// xorshift64*: the same mutations on every machine and in every run.
class Random
{
public:
    explicit Random(uint64_t seed)
        : m_state(seed | 1)
    { }
    uint64_t next()
    {
        m_state ^= m_state >> 12;
        m_state ^= m_state << 25;
        m_state ^= m_state >> 27;
        return m_state * 2685821657736338717ULL;
    }
    size_t below(size_t bound) { return bound == 0 ? 0 : size_t(next() % bound); }

private:
    uint64_t m_state;
};

// Bytes that steer text protocol parsers into their interesting corners.
constexpr char interestingBytes[] = {'{', '}', '(', ')', '[', ']', '"', '\\', '\r', '\n', ' ', '~',
    '+', '-', '.', '*', '0', '9', ':', ';', '&', '\0', '\x7f', '\x80', '\xff'};
const char *const interestingTokens[] = {"{0}\r\n", "{5}\r\n", "~{3}\r\n", "{2+}\r\n", "NIL",
    "\"\"", "(((", ")))", "\r\n", "\n", "* ", "+ ", "A1 OK ", "[", "]", "BODY[]", "-ERR", "+OK",
    ".\r\n", "250-", "250 ", "\r\n.\r\n", "{99999999999999999999}\r\n", "&AOQ-", "&"};

Bytes mutate(const Bytes &input, const std::vector<Bytes> &corpus, Random &random)
{
    Bytes bytes = input;
    const size_t steps = 1 + random.below(4);
    for (size_t step = 0; step < steps; ++step) {
        const size_t at = random.below(bytes.size() + 1);
        switch (random.below(7)) {
        case 0: // flip a bit
            if (!bytes.empty())
                bytes[random.below(bytes.size())] ^= uint8_t(1U << random.below(8));
            break;
        case 1: // an interesting byte, replacing or inserted
            if (at < bytes.size() && random.below(2) == 0)
                bytes[at] = uint8_t(interestingBytes[random.below(sizeof interestingBytes)]);
            else
                bytes.insert(bytes.begin() + long(at),
                    uint8_t(interestingBytes[random.below(sizeof interestingBytes)]));
            break;
        case 2: { // an interesting token
            const std::string token = interestingTokens[random.below(std::size(interestingTokens))];
            bytes.insert(bytes.begin() + long(at), token.begin(), token.end());
            break;
        }
        case 3: { // delete a range
            const size_t length = std::min(bytes.size() - at, 1 + random.below(16));
            bytes.erase(bytes.begin() + long(at), bytes.begin() + long(at + length));
            break;
        }
        case 4: { // repeat a range
            const size_t length = std::min(bytes.size() - at, 1 + random.below(32));
            const Bytes range(bytes.begin() + long(at), bytes.begin() + long(at + length));
            for (size_t i = random.below(8); i > 0; --i)
                bytes.insert(bytes.begin() + long(at), range.begin(), range.end());
            break;
        }
        case 5: { // splice in part of another corpus file
            const Bytes &other = corpus[random.below(corpus.size())];
            const size_t from = random.below(other.size() + 1);
            const size_t length = std::min(other.size() - from, random.below(64));
            bytes.insert(bytes.begin() + long(at), other.begin() + long(from),
                other.begin() + long(from + length));
            break;
        }
        default: // cut short
            bytes.resize(at);
        }
    }
    return bytes;
}

bool readFile(const std::filesystem::path &path, Bytes *bytes)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return false;
    bytes->assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    return true;
}

void run(const Bytes &bytes)
{
    LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
}

} // namespace

int main(int argc, char **argv)
{
    long mutations = 10000;
    std::vector<std::filesystem::path> paths;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "--mutations" && i + 1 < argc) {
            mutations = std::strtol(argv[++i], nullptr, 10);
            continue;
        }
        std::error_code error;
        if (std::filesystem::is_directory(argument, error)) {
            for (const auto &entry : std::filesystem::directory_iterator(argument, error)) {
                if (entry.is_regular_file())
                    paths.push_back(entry.path());
            }
        } else {
            paths.emplace_back(argument);
        }
    }
    std::sort(paths.begin(), paths.end()); // directory order is not the same everywhere
    std::vector<Bytes> corpus;
    for (const auto &path : paths) {
        Bytes bytes;
        if (!readFile(path, &bytes)) {
            std::fprintf(stderr, "cannot read %s\n", path.c_str());
            return 2;
        }
        corpus.push_back(std::move(bytes));
    }
    if (corpus.empty()) {
        std::fprintf(stderr,
            "usage: %s [--mutations N] CORPUS_DIR_OR_FILE...\n"
            "(no corpus file found: nothing would be tested)\n",
            argv[0]);
        return 2;
    }
    run({});
    for (const Bytes &bytes : corpus)
        run(bytes);
    Random random(0x5eed);
    for (long i = 0; i < mutations; ++i)
        run(mutate(corpus[random.below(corpus.size())], corpus, random));
    std::printf(
        "%zu corpus files and %ld mutations ran without a crash\n", corpus.size(), mutations);
    return 0;
}
