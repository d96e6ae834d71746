// SPDX-License-Identifier: MIT
// A transport that records what the engine sends and what it completes, for
// the engine tests: the test plays the target and the clock.
#ifndef MPIO_TESTS_ENGINE_HARNESS_HPP
#define MPIO_TESTS_ENGINE_HARNESS_HPP

#include <cstdint>
#include <map>
#include <vector>

#include <mpio/engine/command.hpp>
#include <mpio/scsi/sense_key.hpp>

namespace mpio::test {

struct recording_transport {
    std::vector<engine::command> sent;                                 // every command, in order
    std::vector<engine::command> outstanding;                          // sent and not yet answered by the test
    std::map<std::uint64_t, std::vector<engine::request_result>> done; // cookie -> every request_done
    bool refuse = false;                                               // send() returns false (session gone)
    std::vector<engine::slot_index> refuse_on;

    bool send(const engine::command& c) noexcept
    {
        for (const engine::slot_index s : refuse_on)
            if (s == c.slot) return false;
        if (refuse) return false;
        sent.push_back(c);
        outstanding.push_back(c);
        return true;
    }
    void request_done(std::uint64_t cookie, const engine::request_result& r) noexcept { done[cookie].push_back(r); }

    // Take the oldest outstanding command (the test answers it).
    engine::command take()
    {
        const engine::command c = outstanding.front();
        outstanding.erase(outstanding.begin());
        return c;
    }
    [[nodiscard]] std::size_t count(engine::command_kind k) const
    {
        std::size_t n = 0;
        for (const auto& c : outstanding) n += c.kind == k ? 1 : 0;
        return n;
    }
    [[nodiscard]] bool completed_once(std::uint64_t cookie) const
    {
        const auto it = done.find(cookie);
        return it != done.end() && it->second.size() == 1;
    }
};

// Fixed-format sense data (SPC-6 4.4.3): 18 bytes, current error.
struct fixed_sense {
    byte bytes[18]{};
    fixed_sense(scsi::sense_key key, std::uint8_t asc, std::uint8_t ascq) noexcept
    {
        bytes[0] = 0x70;
        bytes[2] = static_cast<byte>(key);
        bytes[7] = 10;
        bytes[12] = asc;
        bytes[13] = ascq;
    }
    [[nodiscard]] byte_view view() const noexcept { return byte_view(bytes, sizeof bytes); }
};

// REPORT TARGET PORT GROUPS data, length-only header, one port per group.
struct rtpg_data {
    std::vector<byte> bytes{0, 0, 0, 0};
    rtpg_data& group(std::uint16_t id, scsi::asymmetric_access_state s, std::uint16_t rtp, bool pref = false)
    {
        const byte d[12] = {static_cast<byte>((pref ? 0x80 : 0) | static_cast<unsigned>(s)),
                            0x8F,
                            static_cast<byte>(id >> 8),
                            static_cast<byte>(id),
                            0,
                            0,
                            0,
                            1,
                            0,
                            0,
                            static_cast<byte>(rtp >> 8),
                            static_cast<byte>(rtp)};
        bytes.insert(bytes.end(), d, d + 12);
        const auto n = static_cast<std::uint32_t>(bytes.size() - 4);
        bytes[0] = static_cast<byte>(n >> 24);
        bytes[1] = static_cast<byte>(n >> 16);
        bytes[2] = static_cast<byte>(n >> 8);
        bytes[3] = static_cast<byte>(n);
        return *this;
    }
    [[nodiscard]] byte_view view() const noexcept { return byte_view(bytes.data(), bytes.size()); }
};

} // namespace mpio::test

#endif // MPIO_TESTS_ENGINE_HARNESS_HPP
