# SPDX-License-Identifier: MIT
# Every public header (include/mpio/**/*.hpp but hosted/) includes
# <mpio/core/config.hpp> as its first mpio include, so no header can test or
# define an MPIO_* macro before the user's profile is seen.
# cmake -DINCLUDE_DIR=<repo>/include -P first_include.cmake
file(GLOB_RECURSE headers RELATIVE ${INCLUDE_DIR} ${INCLUDE_DIR}/mpio/*.hpp)
set(bad "")
foreach(h IN LISTS headers)
  if(h MATCHES "^mpio/hosted/" OR h STREQUAL "mpio/core/config.hpp")
    continue()
  endif()
  file(STRINGS ${INCLUDE_DIR}/${h} includes REGEX "^#include <mpio/")
  set(first "(no mpio include)")
  if(includes)
    list(GET includes 0 first)
  endif()
  if(NOT first MATCHES "^#include <mpio/core/config.hpp>")
    string(APPEND bad "  ${h}: ${first}\n")
  endif()
endforeach()
if(bad)
  message(FATAL_ERROR "headers whose first mpio include is not <mpio/core/config.hpp>:\n${bad}")
endif()
list(LENGTH headers n)
message(STATUS "${n} headers checked")
