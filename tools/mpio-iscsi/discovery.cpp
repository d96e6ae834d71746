// SPDX-License-Identifier: MIT
// discovery.cpp - see discovery.hpp.
#include "discovery.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace mpio_iscsi {

namespace {

enum which : std::uint64_t { w_inquiry, w_vpd00, w_vpd80, w_vpd83, w_rtpg, w_capacity, w_count };

struct collector {
    std::vector<path_answers>* out;
    std::size_t outstanding = 0;
};

std::string sense_text(const std::vector<std::uint8_t>& s)
{
    char buf[32];
    unsigned key = 0, asc = 0, ascq = 0;
    if (s.size() >= 14 && (s[0] & 0x7F) >= 0x70 && (s[0] & 0x7F) <= 0x71) {
        key = s[2] & 0x0Fu;
        asc = s[12];
        ascq = s[13];
    } else if (s.size() >= 4) { // descriptor format
        key = s[1] & 0x0Fu;
        asc = s[2];
        ascq = s[3];
    }
    std::snprintf(buf, sizeof buf, "%X/%02X/%02X", key, asc, ascq);
    return buf;
}

std::uint64_t be(const std::uint8_t* p, int n)
{
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) v = (v << 8) | p[i];
    return v;
}

void on_answer(void* ctx, std::uint64_t user, completion& c)
{
    auto& col = *static_cast<collector*>(ctx);
    --col.outstanding;
    path_answers& a = (*col.out)[user / w_count];
    const auto w = static_cast<which>(user % w_count);
    if (!c.good()) {
        if (w == w_rtpg) {
            a.rtpg_failed = true;
            if (!c.sense.empty()) a.rtpg_sense = sense_text(c.sense);
        } else if (a.error.empty()) {
            a.error = std::string("command ") + std::to_string(static_cast<unsigned>(w)) +
                      " failed: " + mpio::recovery::to_string(c.transport) +
                      (c.sense.empty() ? std::string() : " sense " + sense_text(c.sense));
        }
        return;
    }
    std::vector<std::uint8_t>* dst = nullptr;
    switch (w) {
    case w_inquiry: dst = &a.inquiry; break;
    case w_vpd00: dst = &a.vpd00; break;
    case w_vpd80: dst = &a.vpd80; break;
    case w_vpd83: dst = &a.vpd83; break;
    case w_rtpg: dst = &a.rtpg; break;
    case w_capacity: dst = &a.capacity; break;
    default: return;
    }
    *dst = std::move(c.data);
    if (w == w_capacity && a.capacity.size() >= 12) {
        a.blocks = be(a.capacity.data(), 8) + 1;
        a.block_size = static_cast<std::uint32_t>(be(a.capacity.data() + 8, 4));
    }
    // Trim the pages to the length they declare (the file is the response).
    if (w == w_inquiry && dst->size() >= 5) dst->resize(std::min<std::size_t>(dst->size(), (*dst)[4] + 5u));
    if ((w == w_vpd00 || w == w_vpd80 || w == w_vpd83) && dst->size() >= 4)
        dst->resize(std::min<std::size_t>(dst->size(), be(dst->data() + 2, 2) + 4));
    if (w == w_rtpg && dst->size() >= 4) dst->resize(std::min<std::size_t>(dst->size(), be(dst->data(), 4) + 4));
}

} // namespace

std::vector<path_answers> discover(session_set& sessions, std::uint64_t login_timeout_us)
{
    std::vector<path_answers> out(sessions.size());
    sessions.start_all();
    // A login abandoned after login_timeout_us is started again (session_set):
    // give the first logins three tries (istgt logins take about 1 s, more on a loaded machine).
    const std::uint64_t until = now_us() + 3 * login_timeout_us;
    for (;;) {
        bool all = true;
        for (std::size_t p = 0; p < sessions.size(); ++p) all = all && sessions.state(p) == session_state::up;
        if (all || now_us() >= until) break;
        sessions.turn(5'000);
    }
    collector col{&out};
    for (std::size_t p = 0; p < sessions.size(); ++p) {
        path_answers& a = out[p];
        a.logged_in = sessions.state(p) == session_state::up;
        if (!a.logged_in) {
            a.error = "no login within the login timeout";
            continue;
        }
        const raw_command cmds[w_count] = {inquiry(false, 0, 255),          inquiry(true, 0x00, 1024),
                                           inquiry(true, 0x80, 1024),       inquiry(true, 0x83, 4096),
                                           report_target_port_groups(4096), read_capacity16(32)};
        for (std::uint64_t w = 0; w < w_count; ++w)
            if (sessions.submit(p, cmds[w], &on_answer, &col, p * w_count + w)) ++col.outstanding;
    }
    const std::uint64_t answers_until = now_us() + login_timeout_us;
    while (col.outstanding != 0 && now_us() < answers_until) sessions.turn(5'000);
    for (path_answers& a : out)
        if (a.logged_in && a.error.empty() && a.inquiry.empty()) a.error = "no INQUIRY answer";
    return out;
}

bool write_dumps(const std::string& dir, const std::vector<path_answers>& answers, std::string& error)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    for (std::size_t p = 0; p < answers.size(); ++p) {
        const path_answers& a = answers[p];
        char name[32];
        std::snprintf(name, sizeof name, "p%02zu", p);
        const fs::path d = fs::path(dir) / name;
        fs::create_directories(d, ec);
        if (ec) {
            error = d.string() + ": " + ec.message();
            return false;
        }
        auto put = [&](const char* file, const std::vector<std::uint8_t>& bytes) {
            if (bytes.empty()) return;
            std::ofstream f(d / file, std::ios::binary);
            f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        };
        put("inquiry", a.inquiry);
        put("vpd_pg0", a.vpd00);
        put("vpd_pg80", a.vpd80);
        put("vpd_pg83", a.vpd83);
        put("rtpg", a.rtpg);
        std::ofstream(d / "state") << (a.logged_in && a.error.empty() ? "running\n" : "offline\n");
    }
    return true;
}

std::string make_temp_dir()
{
    const char* t = std::getenv("TMPDIR");
    std::string tmpl = std::string(t != nullptr && *t != '\0' ? t : "/tmp") + "/mpio-iscsi.XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) return {};
    return tmpl;
}

void remove_tree(const std::string& dir)
{
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
}

} // namespace mpio_iscsi
