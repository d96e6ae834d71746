// SPDX-License-Identifier: MIT
// session.cpp - see session.hpp.
#include "session.hpp"

#include <poll.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>

extern "C" {
#include <iscsi/iscsi.h>
#include <iscsi/scsi-lowlevel.h>
}

namespace mpio_iscsi {

using mpio::recovery::transport_outcome;
using mpio::scsi::scsi_status;

std::uint64_t now_us() noexcept
{
    static const auto start = std::chrono::steady_clock::now();
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count());
}

const char* to_string(session_state s) noexcept
{
    switch (s) {
    case session_state::idle: return "down";
    case session_state::connecting: return "login";
    case session_state::up: return "up";
    }
    return "?";
}

namespace {

// poll(2) events (libiscsi's iscsi_which_events / iscsi_service) to epoll(7) events and back.
std::uint32_t to_epoll(int ev)
{
    std::uint32_t e = 0;
    if ((ev & POLLIN) != 0) e |= EPOLLIN;
    if ((ev & POLLOUT) != 0) e |= EPOLLOUT;
    return e;
}

int from_epoll(std::uint32_t e)
{
    int ev = 0;
    if ((e & EPOLLIN) != 0) ev |= POLLIN;
    if ((e & EPOLLOUT) != 0) ev |= POLLOUT;
    if ((e & EPOLLERR) != 0) ev |= POLLERR;
    if ((e & EPOLLHUP) != 0) ev |= POLLHUP;
    return ev;
}

void put_be(std::uint8_t* p, std::uint64_t v, int n)
{
    for (int i = n - 1; i >= 0; --i) {
        p[i] = static_cast<std::uint8_t>(v & 0xFF);
        v >>= 8;
    }
}

} // namespace

raw_command read16(std::uint64_t lba, std::uint32_t blocks, std::uint8_t* buf, std::uint32_t bytes)
{
    raw_command c;
    c.cdb[0] = 0x88; // READ(16), SBC-4 5.17
    put_be(c.cdb + 2, lba, 8);
    put_be(c.cdb + 10, blocks, 4);
    c.cdb_length = 16;
    c.data_in = buf;
    c.data_in_length = bytes;
    return c;
}

raw_command write16(std::uint64_t lba, std::uint32_t blocks, const std::uint8_t* buf, std::uint32_t bytes)
{
    raw_command c;
    c.cdb[0] = 0x8A; // WRITE(16), SBC-4 5.49
    put_be(c.cdb + 2, lba, 8);
    put_be(c.cdb + 10, blocks, 4);
    c.cdb_length = 16;
    c.data_out = buf;
    c.data_out_length = bytes;
    return c;
}

raw_command inquiry(bool evpd, std::uint8_t page, std::uint16_t alloc)
{
    raw_command c;
    c.cdb[0] = 0x12; // INQUIRY, SPC-6 6.7
    c.cdb[1] = evpd ? 1 : 0;
    c.cdb[2] = page;
    put_be(c.cdb + 3, alloc, 2);
    c.cdb_length = 6;
    c.data_in_length = alloc;
    return c;
}

raw_command report_target_port_groups(std::uint32_t alloc)
{
    raw_command c;
    c.cdb[0] = 0xA3; // MAINTENANCE IN
    c.cdb[1] = 0x0A; // REPORT TARGET PORT GROUPS, SPC-6 6.36
    put_be(c.cdb + 6, alloc, 4);
    c.cdb_length = 12;
    c.data_in_length = alloc;
    return c;
}

raw_command read_capacity16(std::uint32_t alloc)
{
    raw_command c;
    c.cdb[0] = 0x9E; // SERVICE ACTION IN(16)
    c.cdb[1] = 0x10; // READ CAPACITY(16), SBC-4 5.20
    put_be(c.cdb + 10, alloc, 4);
    c.cdb_length = 16;
    c.data_in_length = alloc;
    return c;
}

session_set::~session_set()
{
    for (std::size_t p = 0; p < sessions_.size(); ++p) {
        if (sessions_[p].ctx == nullptr) continue;
        teardown(p, now_us());
    }
    for (cb_ref* r : connect_refs_) delete r;
    if (epoll_fd_ >= 0) close(epoll_fd_);
}

bool session_set::add(const std::string& url, std::string& error)
{
    iscsi_context* probe = iscsi_create_context(options_.initiator.c_str());
    if (probe == nullptr) {
        error = "cannot create an iSCSI context";
        return false;
    }
    iscsi_url* u = iscsi_parse_full_url(probe, url.c_str());
    if (u == nullptr) {
        error = std::string("bad iSCSI URL ") + url + ": " + iscsi_get_error(probe);
        iscsi_destroy_context(probe);
        return false;
    }
    session s;
    s.url = url;
    s.portal = u->portal;
    s.target = u->target;
    s.lun = u->lun;
    iscsi_destroy_url(u);
    iscsi_destroy_context(probe);
    sessions_.push_back(s);
    connect_refs_.push_back(new cb_ref{this, sessions_.size() - 1});
    return true;
}

bool session_set::any_up() const noexcept
{
    for (const session& s : sessions_)
        if (s.state == session_state::up) return true;
    return false;
}

void session_set::start_all()
{
    for (std::size_t p = 0; p < sessions_.size(); ++p)
        if (sessions_[p].state == session_state::idle && !sessions_[p].admin_down) login(p);
}

void session_set::login(std::size_t p)
{
    session& s = sessions_[p];
    s.ctx = iscsi_create_context(options_.initiator.c_str());
    s.since_us = now_us();
    if (s.ctx == nullptr) {
        s.retry_at_us = s.since_us + options_.relogin_delay_us;
        return;
    }
    iscsi_set_targetname(s.ctx, s.target.c_str());
    iscsi_set_session_type(s.ctx, ISCSI_SESSION_NORMAL);
    iscsi_set_header_digest(s.ctx, ISCSI_HEADER_DIGEST_NONE);
    // Our own recovery: a lost connection must fail its commands up to the
    // engine, not be re-established and replayed by libiscsi behind its back.
    iscsi_set_noautoreconnect(s.ctx, 1);
    // The same ISID on every login of this path: a re-login reinstates the
    // session (RFC 7143 6.3.5), so the target drops what the old one held.
    iscsi_set_isid_random(s.ctx, 0x4D50 + static_cast<std::uint32_t>(p), 0);
    // libiscsi's own timeout (whole seconds) only guards logins; commands
    // use ours. Rounded up, at least 1 s.
    iscsi_set_timeout(s.ctx, static_cast<int>((options_.login_timeout_us + 999'999) / 1'000'000));
    if (iscsi_full_connect_async(s.ctx, s.portal.c_str(), s.lun, &session_set::connect_cb, connect_refs_[p]) != 0) {
        iscsi_destroy_context(s.ctx);
        s.ctx = nullptr;
        s.state = session_state::idle;
        s.retry_at_us = s.since_us + options_.relogin_delay_us;
        return;
    }
    s.state = session_state::connecting;
}

void session_set::connect_cb(iscsi_context*, int status, void*, void* priv)
{
    auto* ref = static_cast<cb_ref*>(priv);
    session_set& self = *ref->set;
    session& s = self.sessions_[ref->index];
    if (status == SCSI_STATUS_GOOD && s.state == session_state::connecting) {
        s.state = session_state::up;
        s.since_us = now_us();
        // libiscsi's timeout counts whole seconds against time(NULL), so a
        // 1 s timeout can fire after 1 ms: commands use ours only.
        iscsi_set_timeout(s.ctx, 0);
        ++s.logins;
        self.events_.push_back({ref->index, true});
        return;
    }
    // A failed login, or (second call) an established connection gone.
    s.lost = true;
}

std::size_t session_set::take_pending()
{
    if (free_.empty()) {
        pool_.emplace_back();
        return pool_.size() - 1;
    }
    const std::size_t i = free_.back();
    free_.pop_back();
    return i;
}

void session_set::release(std::size_t i)
{
    pending& x = pool_[i];
    x.used = false;
    x.orphaned = false;
    x.task = nullptr;
    x.own_in.clear();
    free_.push_back(i);
    --active_;
}

bool session_set::submit(std::size_t p, const raw_command& c, completion_fn fn, void* ctx, std::uint64_t user)
{
    session& s = sessions_[p];
    if (s.state != session_state::up || s.ctx == nullptr || s.lost) return false;
    const int dir = c.data_out_length != 0 ? SCSI_XFER_WRITE : c.data_in_length != 0 ? SCSI_XFER_READ : SCSI_XFER_NONE;
    const int xfer = static_cast<int>(dir == SCSI_XFER_WRITE ? c.data_out_length : c.data_in_length);
    scsi_task* task = scsi_create_task(c.cdb_length, const_cast<unsigned char*>(c.cdb), dir, xfer);
    if (task == nullptr) return false;
    const std::size_t i = take_pending();
    ++active_;
    pending& x = pool_[i];
    x.owner = this;
    x.index = i;
    x.used = true;
    x.orphaned = false;
    x.path = p;
    x.task = task;
    x.fn = fn;
    x.ctx = ctx;
    x.user = user;
    x.sent_us = now_us();
    x.expected_in = c.data_in_length;
    x.has_iov_in = false;
    switch (c.cdb_length != 0 ? c.cdb[0] : 0) {
    case 0x08:
    case 0x28:
    case 0xA8:
    case 0x88: // READ (6) (10) (12) (16)
    case 0x0A:
    case 0x2A:
    case 0xAA:
    case 0x8A: // WRITE (6) (10) (12) (16)
        x.read_write = true;
        break;
    default: x.read_write = false; break;
    }
    if (dir == SCSI_XFER_READ) {
        std::uint8_t* buf = c.data_in;
        if (buf == nullptr) {
            x.own_in.assign(c.data_in_length, 0);
            buf = x.own_in.data();
        }
        x.iov_in = {buf, c.data_in_length};
        x.has_iov_in = true;
        scsi_task_set_iov_in(task, reinterpret_cast<scsi_iovec*>(&x.iov_in), 1);
    } else if (dir == SCSI_XFER_WRITE) {
        x.iov_out = {const_cast<std::uint8_t*>(c.data_out), c.data_out_length};
        scsi_task_set_iov_out(task, reinterpret_cast<scsi_iovec*>(&x.iov_out), 1);
    }
    // The callback's reference is the pool entry itself (a deque: growing it moves no entry).
    if (iscsi_scsi_command_async(s.ctx, s.lun, task, &session_set::command_cb, nullptr, &x) != 0) {
        scsi_free_scsi_task(task);
        release(i);
        return false;
    }
    return true;
}

void session_set::command_cb(iscsi_context*, int status, void*, void* priv)
{
    pending& x = *static_cast<pending*>(priv);
    session_set& self = *x.owner;
    const std::size_t i = x.index;
    scsi_task* task = x.task;
    if (x.orphaned) { // reported already (session torn down): just free it
        if (task != nullptr) scsi_free_scsi_task(task);
        x.task = nullptr;
        return; // teardown() releases the entry
    }
    completion c;
    c.sent_us = x.sent_us;
    c.path = x.path;
    switch (status) {
    case SCSI_STATUS_GOOD:
    case SCSI_STATUS_CONDITION_MET: c.status = scsi_status::good; break;
    case SCSI_STATUS_CHECK_CONDITION:
        c.status = scsi_status::check_condition;
        // libiscsi keeps the iSCSI sense segment: 2-byte SenseLength, then the sense data.
        if (task != nullptr && task->datain.data != nullptr && task->datain.size > 2)
            c.sense.assign(task->datain.data + 2, task->datain.data + task->datain.size);
        break;
    case SCSI_STATUS_BUSY: c.status = scsi_status::busy; break;
    case SCSI_STATUS_RESERVATION_CONFLICT: c.status = scsi_status::reservation_conflict; break;
    case SCSI_STATUS_TASK_SET_FULL: c.status = scsi_status::task_set_full; break;
    case SCSI_STATUS_ACA_ACTIVE: c.status = scsi_status::aca_active; break;
    case SCSI_STATUS_TASK_ABORTED: c.status = scsi_status::task_aborted; break;
    case SCSI_STATUS_TIMEOUT: c.transport = transport_outcome::timeout; break;
    case SCSI_STATUS_CANCELLED: c.transport = transport_outcome::aborted; break;
    default:
        c.transport = transport_outcome::connection_lost;
        break; // SCSI_STATUS_ERROR: judge by status, not the error text
    }
    if (c.good() && x.has_iov_in && task != nullptr) {
        std::size_t got = x.expected_in;
        if (task->residual_status == SCSI_RESIDUAL_UNDERFLOW && task->residual <= got) got -= task->residual;
        c.data_in_received = static_cast<std::uint32_t>(got);
        if (!x.own_in.empty()) {
            c.data = std::move(x.own_in);
            c.data.resize(got);
        }
    }
    // A READ or WRITE that moved fewer or more bytes than its transfer length
    // is never a success (docs/recovery.md: data overrun / underrun); the
    // session is fine. Other commands (INQUIRY, RTPG, ...) carry an
    // ALLOCATION LENGTH: a residual there is normal.
    if (c.good() && x.read_write && task != nullptr && task->residual != 0) {
        if (task->residual_status == SCSI_RESIDUAL_UNDERFLOW) c.transport = transport_outcome::data_underrun;
        if (task->residual_status == SCSI_RESIDUAL_OVERFLOW) c.transport = transport_outcome::data_overrun;
    }
    if (task != nullptr) scsi_free_scsi_task(task);
    // A transport failure on a live session: the session is not to be
    // trusted any more (its error text may be stale; the status decides).
    // Tear it down and log in again, so the path comes back through path_back().
    if (c.transport != transport_outcome::ok && c.transport != transport_outcome::data_underrun &&
        c.transport != transport_outcome::data_overrun)
        self.sessions_[x.path].lost = true;
    self.done_.push_back({x.fn, x.ctx, x.user, std::move(c)});
    self.release(i);
}

void session_set::teardown(std::size_t p, std::uint64_t now)
{
    session& s = sessions_[p];
    const bool was_up = s.state == session_state::up;
    // Every command still on the session completes now, once.
    for (std::size_t i = 0; i < pool_.size(); ++i) {
        pending& x = pool_[i];
        if (!x.used || x.orphaned || x.path != p) continue;
        completion c;
        c.sent_us = x.sent_us;
        c.path = p;
        c.transport = now - x.sent_us >= options_.command_timeout_us ? transport_outcome::timeout
                                                                     : transport_outcome::connection_lost;
        done_.push_back({x.fn, x.ctx, x.user, std::move(c)});
        x.orphaned = true;
    }
    unwatch(p);
    if (s.ctx != nullptr) iscsi_destroy_context(s.ctx); // cancels the tasks: callbacks free them
    s.ctx = nullptr;
    for (std::size_t i = 0; i < pool_.size(); ++i) {
        pending& x = pool_[i];
        if (!x.used || !x.orphaned || x.path != p) continue;
        // The callback never came (libiscsi had not queued the PDU): the task is ours to free.
        if (x.task != nullptr) scsi_free_scsi_task(x.task);
        release(i);
    }
    s.state = session_state::idle;
    s.lost = false;
    s.retry_at_us = now + options_.relogin_delay_us;
    if (was_up) {
        ++s.losses;
        events_.push_back({p, false});
    }
}

void session_set::watch(std::size_t p, int fd, int events)
{
    session& s = sessions_[p];
    if (fd < 0 || events == 0) {
        unwatch(p);
        return;
    }
    // A logged-in session keeps its socket: nothing to do while the wanted
    // events stay the same. During a login libiscsi may close a socket and
    // open another under the same number (which drops the registration), so
    // a session not yet up is registered again every turn.
    if (s.watched_fd == fd && s.watched_events == events && s.state == session_state::up) return;
    epoll_event e{};
    e.events = to_epoll(events);
    e.data.u64 = p;
    if (s.watched_fd != fd) {
        unwatch(p);
        if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &e) != 0 && errno == EEXIST)
            static_cast<void>(epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &e));
    } else if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &e) != 0 && errno == ENOENT) {
        static_cast<void>(epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &e));
    }
    s.watched_fd = fd;
    s.watched_events = events;
}

void session_set::unwatch(std::size_t p)
{
    session& s = sessions_[p];
    if (s.watched_fd < 0) return;
    epoll_event e{}; // (kernels before 2.6.9 want a non-null pointer)
    static_cast<void>(epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, s.watched_fd, &e)); // ENOENT: closed already
    s.watched_fd = -1;
    s.watched_events = 0;
}

void session_set::turn(std::uint64_t max_wait_us)
{
    if (epoll_fd_ < 0) {
        epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
        if (epoll_fd_ < 0) {
            std::perror("mpio-iscsi: epoll_create1");
            std::abort();
        }
    }
    // Write out what submit() queued, then register what each session waits for.
    for (std::size_t p = 0; p < sessions_.size(); ++p) {
        session& s = sessions_[p];
        if (s.ctx == nullptr || s.lost) {
            unwatch(p);
            continue;
        }
        int ev = iscsi_which_events(s.ctx);
        if (s.state == session_state::up && (ev & POLLOUT) != 0) {
            // Logged in, so POLLOUT means "write the queued PDUs" (during the
            // TCP connect it would mean "connected"). What the socket does not
            // take now stays queued, and POLLOUT stays wanted.
            if (iscsi_service(s.ctx, POLLOUT) < 0) {
                s.lost = true;
                unwatch(p);
                continue;
            }
            ev = iscsi_which_events(s.ctx);
        }
        watch(p, iscsi_get_fd(s.ctx), ev);
    }
    // Wait unless something is already queued for dispatch (a callback during the writes).
    const int timeout_ms = !done_.empty() || !events_.empty()
                               ? 0
                               : static_cast<int>(std::min<std::uint64_t>((max_wait_us + 999) / 1000, 60'000));
    epoll_event ready[16];
    const int n = epoll_wait(epoll_fd_, ready, 16, timeout_ms);
    for (int k = 0; k < n; ++k) {
        const auto p = static_cast<std::size_t>(ready[k].data.u64);
        if (p >= sessions_.size()) continue;
        session& s = sessions_[p];
        if (s.ctx == nullptr || s.lost) continue;
        if (iscsi_service(s.ctx, from_epoll(ready[k].events)) < 0) s.lost = true;
    }
    const std::uint64_t now = now_us();
    // A command older than the timeout: its session hangs (one pass over the pool).
    if (active_ != 0)
        for (const pending& x : pool_)
            if (x.used && !x.orphaned && now - x.sent_us >= options_.command_timeout_us) {
                session& s = sessions_[x.path];
                if (s.state == session_state::up) s.lost = true;
            }
    for (std::size_t p = 0; p < sessions_.size(); ++p) {
        session& s = sessions_[p];
        if (s.state == session_state::connecting && !s.lost) {
            iscsi_service(s.ctx, 0); // libiscsi's own (login) timeouts
            if (now - s.since_us > options_.login_timeout_us) s.lost = true;
        }
        if (s.lost) teardown(p, now);
        if (s.state == session_state::idle && !s.admin_down && now >= s.retry_at_us) login(p);
    }
    dispatch();
}

void session_set::dispatch()
{
    if (dispatching_) return; // a handler's own call: the loop below hands out what it queued
    dispatching_ = true;
    // Handlers may submit (and so queue) more: take the queues first. The
    // taken buffers are kept, so a turn allocates nothing.
    while (!done_.empty() || !events_.empty()) {
        events_taken_.clear();
        events_taken_.swap(events_);
        for (const event& e : events_taken_)
            if (on_event_ != nullptr) on_event_(handler_ctx_, e.path, e.up);
        done_taken_.clear();
        done_taken_.swap(done_);
        for (queued& d : done_taken_) d.fn(d.ctx, d.user, d.c);
    }
    done_taken_.clear();
    events_taken_.clear();
    dispatching_ = false;
}

void session_set::drop(std::size_t p)
{
    sessions_[p].admin_down = true;
    if (sessions_[p].ctx != nullptr) teardown(p, now_us());
}

void session_set::restore(std::size_t p)
{
    sessions_[p].admin_down = false;
    sessions_[p].retry_at_us = now_us();
}

} // namespace mpio_iscsi
