#include "hopfield/binary_dynamics.hpp"

#include <array>

#include "hopfield/enum_names.hpp"

namespace hopfield {
namespace {

constexpr std::array<EnumName<Dynamics>, 3> dynamics_names{{
    {Dynamics::Asynchronous, "asynchronous"},
    {Dynamics::AsynchronousFixedOrder, "asynchronous-fixed-order"},
    {Dynamics::Synchronous, "synchronous"},
}};

}  // namespace

Dynamics dynamics_from_name(std::string_view name) {
  return enum_from_name(dynamics_names, name, "dynamics");
}

std::string_view dynamics_name(Dynamics dynamics) {
  return enum_name(dynamics_names, dynamics);
}

}  // namespace hopfield
