// SPDX-License-Identifier: MIT
// tests/hosted/scratch_dir.hpp - a throwaway directory for the tests of the
// hosted file readers: created under the system temporary directory, removed
// with everything in it when the object goes.
#ifndef MPIO_TESTS_HOSTED_SCRATCH_DIR_HPP
#define MPIO_TESTS_HOSTED_SCRATCH_DIR_HPP

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include <unistd.h>

namespace mpio_test {

class scratch_dir {
public:
    scratch_dir()
    {
        static std::atomic<unsigned> serial{0};
        path_ = std::filesystem::temp_directory_path() /
                ("mpio-hosted-test-" + std::to_string(::getpid()) + "-" + std::to_string(serial++));
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
        std::filesystem::create_directories(path_, ec);
    }
    ~scratch_dir()
    {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

    // Writes `content` to path()/name (creating the directories on the way);
    // returns the file's path.
    std::string write(const std::string& name, std::string_view content) const
    {
        const std::filesystem::path p = path_ / name;
        std::error_code ec;
        std::filesystem::create_directories(p.parent_path(), ec);
        std::FILE* f = std::fopen(p.c_str(), "wb");
        if (f != nullptr) {
            std::fwrite(content.data(), 1, content.size(), f);
            std::fclose(f);
        }
        return p.string();
    }

private:
    std::filesystem::path path_;
};

} // namespace mpio_test

#endif // MPIO_TESTS_HOSTED_SCRATCH_DIR_HPP
