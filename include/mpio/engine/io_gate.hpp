// SPDX-License-Identifier: MIT
// mpio/engine/io_gate.hpp - an optional gate on which paths may carry I/O,
// consulted by engine::device besides the paths' own lifecycles.
//
// A path whose lifecycle says "in service" may still not be allowed to carry
// I/O for a reason the engine does not own: the persistent reservation
// planner (reservation/planner.hpp) lets a path carry I/O only once the
// node's key is registered through it (and, under Write Exclusive /
// Exclusive Access, only the holder path). One owner per fact
// (docs/rules.md S1): the gate owns that fact; the engine reads it.
//
// A gate is any type with
//
//   bool may_carry_io(slot_index slot) const noexcept;
//
// over the engine's slot numbers (reservation::planner<N> is one, when the
// caller adds each engine slot to the planner under the same number). The
// engine holds a pointer to the caller's gate (device::set_gate); the
// caller tells the engine when the gate's answers may have changed
// (device::gate_changed), and the engine also asks the gate again before
// every dispatch, so a stale mirror never routes an I/O through a closed
// gate. no_io_gate, the default, is always open and costs nothing: the
// engine compiles to what it was without a gate.
#ifndef MPIO_ENGINE_IO_GATE_HPP
#define MPIO_ENGINE_IO_GATE_HPP

#include <mpio/core/config.hpp>

#include <concepts>

#include <mpio/policy/path_selector.hpp>

namespace mpio::engine {

template <class G>
concept io_gate = requires(const G& g, policy::slot_index s)
{
    {
        g.may_carry_io(s)
    }
    noexcept->std::convertible_to<bool>;
};

// The default: every path the lifecycle allows carries I/O.
struct no_io_gate {
    [[nodiscard]] static constexpr bool may_carry_io(policy::slot_index) noexcept { return true; }
};
static_assert(io_gate<no_io_gate>);

namespace detail {
// What the device keeps of its gate: nothing for no_io_gate (an empty base,
// so the device's size and code stay as they were), else the caller's
// pointer (null: open).
template <class Gate>
class gate_holder {
public:
    static constexpr bool gated = true;
    constexpr void set(const Gate* g) noexcept { gate_ = g; }
    [[nodiscard]] constexpr const Gate* get() const noexcept { return gate_; }
    [[nodiscard]] constexpr bool open(policy::slot_index s) const noexcept
    {
        return gate_ == nullptr || static_cast<bool>(gate_->may_carry_io(s));
    }

private:
    const Gate* gate_ = nullptr;
};
template <>
class gate_holder<no_io_gate> {
public:
    static constexpr bool gated = false;
    [[nodiscard]] static constexpr bool open(policy::slot_index) noexcept { return true; }
};
} // namespace detail

} // namespace mpio::engine

#endif // MPIO_ENGINE_IO_GATE_HPP
