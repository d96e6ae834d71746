// SPDX-License-Identifier: MIT
// Empty: kshim.h (force-included) provides what dm-ps-*.c use of "dm.h".
