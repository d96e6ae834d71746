// SPDX-License-Identifier: MIT
// session.hpp - the iSCSI sessions of mpio-iscsi: one libiscsi context per
// path (portal URL), all driven by one event loop (epoll(7)) through
// libiscsi's asynchronous API (iscsi_full_connect_async,
// iscsi_scsi_command_async, iscsi_which_events / iscsi_service).
//
// The loop costs the same per I/O for one path or many: each socket is
// registered once (again only when libiscsi's wanted events change), a
// command queued by submit() is written out at the start of the next turn
// (iscsi_service(POLLOUT): no wake-up just to learn that the socket is
// writable), and only the sessions whose socket is ready are serviced.
//
// What this layer adds to libiscsi:
//   - its own per-command timeout in microseconds (libiscsi's
//     iscsi_set_timeout() counts whole seconds and is checked only inside
//     iscsi_service()); a command older than the timeout declares the whole
//     session dead, since a hung session hangs every command on it;
//   - dead-session handling: every command still on the session completes
//     once (timeout for the expired ones, connection_lost for the others),
//     the context is destroyed (libiscsi's automatic reconnect is off, so no
//     command is silently replayed on a new connection), and a new login is
//     started in the background after a short delay, never blocking the
//     other sessions;
//   - completions are queued and handed to the caller from the loop
//     (dispatch()), never from inside submit() - the engine's transport
//     contract (mpio/engine/command.hpp).
#ifndef MPIO_ISCSI_SESSION_HPP
#define MPIO_ISCSI_SESSION_HPP

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include <mpio/recovery/io_outcome.hpp>

struct iscsi_context;
struct scsi_task;

namespace mpio_iscsi {

// Microseconds since the program started (the engine's ticks).
std::uint64_t now_us() noexcept;

enum class session_state : std::uint8_t {
    idle,       // no context; a login is due at retry_at (or never: admin down)
    connecting, // iscsi_full_connect_async in progress
    up,         // logged in, carries commands
};
const char* to_string(session_state s) noexcept;

// One SCSI command for a session.
struct raw_command {
    std::uint8_t cdb[16]{};
    std::uint8_t cdb_length = 0;
    std::uint8_t* data_in = nullptr; // caller's buffer (null: the layer keeps the data, see completion)
    std::uint32_t data_in_length = 0;
    const std::uint8_t* data_out = nullptr; // valid until the completion
    std::uint32_t data_out_length = 0;
};

// How a command ended (a copy: the libiscsi task is gone by then).
struct completion {
    mpio::recovery::transport_outcome transport = mpio::recovery::transport_outcome::ok;
    mpio::scsi::scsi_status status = mpio::scsi::scsi_status::good;
    std::vector<std::uint8_t> sense; // fixed or descriptor sense data
    std::vector<std::uint8_t> data;  // data in, when the caller gave no buffer
    std::uint32_t data_in_received = 0;
    std::uint64_t sent_us = 0;
    std::size_t path = 0;
    [[nodiscard]] mpio::recovery::io_outcome outcome() const noexcept
    {
        return {transport, status, mpio::byte_view(reinterpret_cast<const mpio::byte*>(sense.data()), sense.size())};
    }
    [[nodiscard]] bool good() const noexcept
    {
        return transport == mpio::recovery::transport_outcome::ok && status == mpio::scsi::scsi_status::good;
    }
};

// Called from dispatch() for each finished command.
using completion_fn = void (*)(void* ctx, std::uint64_t user, completion& c);
// Called from dispatch() when a session logs in (up) or is lost (down).
using session_event_fn = void (*)(void* ctx, std::size_t path, bool up);

struct session_options {
    std::string initiator = "iqn.2026-12.org.mpio:mpio-iscsi";
    std::uint64_t command_timeout_us = 2'000'000; // the tool's own per-command timeout
    std::uint64_t login_timeout_us = 5'000'000;   // a login that has not finished by then is retried
    std::uint64_t relogin_delay_us = 200'000;     // wait after a loss before logging in again
};

class session_set {
public:
    explicit session_set(const session_options& o) : options_(o) {}
    ~session_set();
    session_set(const session_set&) = delete;
    session_set& operator=(const session_set&) = delete;

    // A path: iscsi://HOST[:PORT]/TARGET-IQN/LUN. Returns false (with
    // `error`) when libiscsi cannot parse it.
    bool add(const std::string& url, std::string& error);
    [[nodiscard]] std::size_t size() const noexcept { return sessions_.size(); }
    [[nodiscard]] const std::string& url(std::size_t p) const { return sessions_[p].url; }
    [[nodiscard]] session_state state(std::size_t p) const { return sessions_[p].state; }
    [[nodiscard]] bool admin_down(std::size_t p) const { return sessions_[p].admin_down; }
    [[nodiscard]] std::uint32_t logins(std::size_t p) const { return sessions_[p].logins; }
    [[nodiscard]] std::uint32_t losses(std::size_t p) const { return sessions_[p].losses; }
    [[nodiscard]] int lun(std::size_t p) const { return sessions_[p].lun; }
    [[nodiscard]] bool any_up() const noexcept;
    [[nodiscard]] std::size_t in_flight() const noexcept { return active_; }

    void set_handlers(void* ctx, session_event_fn ev) noexcept
    {
        handler_ctx_ = ctx;
        on_event_ = ev;
    }

    // Start logging in on every path (non-blocking).
    void start_all();
    // Put a command on path `p`. false: the session is not up or libiscsi
    // refused it (nothing will be reported for it).
    bool submit(std::size_t p, const raw_command& c, completion_fn fn, void* ctx, std::uint64_t user);

    // One turn of the loop: write out the queued commands, wait for at most
    // `max_wait_us` (rounded up to a millisecond) for a socket to be ready,
    // service the ready sessions, expire commands, start due logins. Then
    // dispatch().
    void turn(std::uint64_t max_wait_us);
    // Hand queued completions and session events to their handlers.
    void dispatch();

    // Faults the tool injects itself: cut a path (close its connection and
    // keep it down) and give it back (log in again).
    void drop(std::size_t p);
    void restore(std::size_t p);

private:
    struct session {
        std::string url;
        std::string portal;
        std::string target;
        int lun = 0;
        iscsi_context* ctx = nullptr;
        session_state state = session_state::idle;
        bool admin_down = false;
        bool lost = false; // libiscsi reported the connection gone; torn down after service
        std::uint64_t since_us = 0;
        std::uint64_t retry_at_us = 0;
        std::uint32_t logins = 0;
        std::uint32_t losses = 0;
        int watched_fd = -1;    // the socket registered with the epoll set (-1: none)
        int watched_events = 0; // and the poll events it is registered for
    };
    struct scsi_iov {
        void* base;
        std::size_t len;
    };
    struct pending {
        session_set* owner = nullptr; // the libiscsi callback's reference is the entry itself
        std::size_t index = 0;
        bool used = false;
        bool orphaned = false; // already reported (torn down); the callback only frees the task
        std::size_t path = 0;
        scsi_task* task = nullptr;
        completion_fn fn = nullptr;
        void* ctx = nullptr;
        std::uint64_t user = 0;
        std::uint64_t sent_us = 0;
        std::uint32_t expected_in = 0;
        std::vector<std::uint8_t> own_in;
        scsi_iov iov_in{nullptr, 0};
        scsi_iov iov_out{nullptr, 0};
        bool has_iov_in = false;
        bool read_write = false; // READ / WRITE (6/10/12/16): a residual is a wrong-length transfer
    };
    struct queued {
        completion_fn fn;
        void* ctx;
        std::uint64_t user;
        completion c;
    };
    struct event {
        std::size_t path;
        bool up;
    };

    static void connect_cb(iscsi_context* iscsi, int status, void* data, void* priv);
    static void command_cb(iscsi_context* iscsi, int status, void* data, void* priv);
    void login(std::size_t p);
    void teardown(std::size_t p, std::uint64_t now);
    void watch(std::size_t p, int fd, int events);
    void unwatch(std::size_t p);
    std::size_t take_pending();
    void release(std::size_t i);

    session_options options_;
    std::vector<session> sessions_;
    std::deque<pending> pool_; // stable addresses: libiscsi keeps pointers to the entries and their iovecs
    std::vector<std::size_t> free_;
    std::vector<queued> done_;
    std::vector<event> events_;
    std::vector<queued> done_taken_; // dispatch() hands these out (kept: no allocation per turn)
    std::vector<event> events_taken_;
    bool dispatching_ = false;
    int epoll_fd_ = -1; // every session's socket, registered once (epoll_wait costs the same for 1 or N paths)
    std::size_t active_ = 0;
    void* handler_ctx_ = nullptr;
    session_event_fn on_event_ = nullptr;
    // the context data for the static libiscsi callbacks
    struct cb_ref {
        session_set* set;
        std::size_t index;
    };
    std::vector<cb_ref*> connect_refs_;
};

// CDB helpers (SBC-4 / SPC-6).
raw_command read16(std::uint64_t lba, std::uint32_t blocks, std::uint8_t* buf, std::uint32_t bytes);
raw_command write16(std::uint64_t lba, std::uint32_t blocks, const std::uint8_t* buf, std::uint32_t bytes);
raw_command inquiry(bool evpd, std::uint8_t page, std::uint16_t alloc);
raw_command report_target_port_groups(std::uint32_t alloc);
raw_command read_capacity16(std::uint32_t alloc);

} // namespace mpio_iscsi

#endif // MPIO_ISCSI_SESSION_HPP
