// SPDX-License-Identifier: MIT
// mpio/scsi/version_descriptors.hpp - names of the VERSION DESCRIPTOR codes
// of standard INQUIRY data (SPC-6 6.7.2, table "Version descriptor values",
// the list T10 keeps up to date as stds-num.txt).
//
// Opt-in: no other header and no umbrella includes it (include it by name),
// so that a build that has no use for the names (a few KiB of strings) never
// pulls them in.
//
// How codes are assigned: each standard owns a block of 32 codes starting at
// a multiple of 20h; the first code of the block means "the standard, no
// version claimed" and the others name drafts and published editions (the
// iSCSI block is the exception that proves the rule: 0961h..097Fh are
// iSCSIProtocolLevel 1..31). A few ATA, USB and ZAC codes share blocks, so a
// block is only attributed to a standard when its first code is in the table
// as that standard's "no version claimed" entry.
//
// The table is partial on purpose: every "no version claimed" code T10 lists
// for the standards a storage stack meets (SAM, SPC, SBC, SSC, SES, SMC, MMC,
// SCC, RBC, OSD, ADC, ZBC, FCP, SRP, iSCSI, SBP, SPI, SAS, SPL, UAS, SAT,
// ATA/ACS, ZAC, SOP/PQI, Fibre Channel, IEEE 1394/1667) plus their draft and
// edition codes whose wording is unambiguous. Codes missing from the table
// still get their standard's name through their block.
#ifndef MPIO_SCSI_VERSION_DESCRIPTORS_HPP
#define MPIO_SCSI_VERSION_DESCRIPTORS_HPP

#include <mpio/core/config.hpp>

#include <cstddef>
#include <cstdint>

#include <mpio/core/fixed_text.hpp>

namespace mpio::scsi {

struct version_descriptor_info {
    std::uint16_t code;
    const char* standard; // "SPC-4"
    const char* version;  // "INCITS 513-2015", "(no version claimed)", or "" when the standard says it all
};

namespace detail {

inline constexpr const char* no_version_claimed = "(no version claimed)";

// Sorted by code (the tests check it).
inline constexpr version_descriptor_info version_descriptor_table[] = {
    {0x0020, "SAM", no_version_claimed},
    {0x003b, "SAM", "T10/0994-D revision 18"},
    {0x003c, "SAM", "INCITS 270-1996"},
    {0x003d, "SAM", "ISO/IEC 14776-411"},
    {0x0040, "SAM-2", no_version_claimed},
    {0x0054, "SAM-2", "T10/1157-D revision 23"},
    {0x0055, "SAM-2", "T10/1157-D revision 24"},
    {0x005c, "SAM-2", "INCITS 366-2003"},
    {0x005e, "SAM-2", "ISO/IEC 14776-412"},
    {0x0060, "SAM-3", no_version_claimed},
    {0x0062, "SAM-3", "T10/1561-D revision 7"},
    {0x0075, "SAM-3", "T10/1561-D revision 13"},
    {0x0076, "SAM-3", "T10/1561-D revision 14"},
    {0x0077, "SAM-3", "INCITS 402-2005"},
    {0x0079, "SAM-3", "ISO/IEC 14776-413"},
    {0x0080, "SAM-4", no_version_claimed},
    {0x0087, "SAM-4", "T10/1683-D revision 13"},
    {0x008b, "SAM-4", "T10/1683-D revision 14"},
    {0x0090, "SAM-4", "INCITS 447-2008"},
    {0x0092, "SAM-4", "ISO/IEC 14776-414"},
    {0x00a0, "SAM-5", no_version_claimed},
    {0x00a2, "SAM-5", "T10/2104-D revision 4"},
    {0x00a4, "SAM-5", "T10/2104-D revision 20"},
    {0x00a6, "SAM-5", "T10/2104-D revision 21"},
    {0x00a8, "SAM-5", "INCITS 515-2016"},
    {0x00aa, "SAM-5", "ISO/IEC 14776-415"},
    {0x00c0, "SAM-6", no_version_claimed},
    {0x00c2, "SAM-6", "INCITS 546-2021"},
    {0x00d4, "SAM-6", "BSR INCITS 546 revision 10"},
    {0x0120, "SPC", no_version_claimed},
    {0x013b, "SPC", "T10/0995-D revision 11a"},
    {0x013c, "SPC", "INCITS 301-1997"},
    {0x0140, "MMC", no_version_claimed},
    {0x015b, "MMC", "T10/1048-D revision 10a"},
    {0x015c, "MMC", "INCITS 304-1997"},
    {0x0160, "SCC", no_version_claimed},
    {0x017b, "SCC", "T10/1047-D revision 06c"},
    {0x017c, "SCC", "INCITS 276-1997"},
    {0x0180, "SBC", no_version_claimed},
    {0x019b, "SBC", "T10/0996-D revision 08c"},
    {0x019c, "SBC", "INCITS 306-1998"},
    {0x019e, "SBC", "ISO/IEC 14776-321"},
    {0x01a0, "SMC", no_version_claimed},
    {0x01bb, "SMC", "T10/0999-D revision 10a"},
    {0x01bc, "SMC", "INCITS 314-1998"},
    {0x01be, "SMC", "ISO/IEC 14776-351"},
    {0x01c0, "SES", no_version_claimed},
    {0x01db, "SES", "T10/1212-D revision 08b"},
    {0x01dc, "SES", "INCITS 305-1998"},
    {0x01e0, "SCC-2", no_version_claimed},
    {0x01fb, "SCC-2", "T10/1125-D revision 04"},
    {0x01fc, "SCC-2", "INCITS 318-1998"},
    {0x0200, "SSC", no_version_claimed},
    {0x0201, "SSC", "T10/0997-D revision 17"},
    {0x0207, "SSC", "T10/0997-D revision 22"},
    {0x021c, "SSC", "INCITS 335-2000"},
    {0x021e, "SSC", "ISO/IEC 14776-331"},
    {0x0220, "RBC", no_version_claimed},
    {0x0238, "RBC", "T10/1240-D revision 10a"},
    {0x023c, "RBC", "INCITS 330-2000"},
    {0x023e, "RBC", "ISO/IEC 14776-326"},
    {0x0240, "MMC-2", no_version_claimed},
    {0x0255, "MMC-2", "T10/1228-D revision 11"},
    {0x025b, "MMC-2", "T10/1228-D revision 11a"},
    {0x025c, "MMC-2", "INCITS 333-2000"},
    {0x0260, "SPC-2", no_version_claimed},
    {0x0267, "SPC-2", "T10/1236-D revision 12"},
    {0x0269, "SPC-2", "T10/1236-D revision 18"},
    {0x0275, "SPC-2", "T10/1236-D revision 19"},
    {0x0276, "SPC-2", "T10/1236-D revision 20"},
    {0x0277, "SPC-2", "INCITS 351-2001"},
    {0x0278, "SPC-2", "ISO/IEC 14776-452"},
    {0x0280, "OCRW", no_version_claimed},
    {0x029e, "OCRW", "ISO/IEC 14776-381"},
    {0x02a0, "MMC-3", no_version_claimed},
    {0x02b5, "MMC-3", "T10/1363-D revision 9"},
    {0x02b6, "MMC-3", "T10/1363-D revision 10g"},
    {0x02b8, "MMC-3", "INCITS 360-2002"},
    {0x02e0, "SMC-2", no_version_claimed},
    {0x02f5, "SMC-2", "T10/1383-D revision 5"},
    {0x02fc, "SMC-2", "T10/1383-D revision 6"},
    {0x02fd, "SMC-2", "T10/1383-D revision 7"},
    {0x02fe, "SMC-2", "INCITS 382-2004"},
    {0x0300, "SPC-3", no_version_claimed},
    {0x0301, "SPC-3", "T10/1416-D revision 7"},
    {0x0307, "SPC-3", "T10/1416-D revision 21"},
    {0x030f, "SPC-3", "T10/1416-D revision 22"},
    {0x0312, "SPC-3", "T10/1416-D revision 23"},
    {0x0314, "SPC-3", "INCITS 408-2005"},
    {0x0316, "SPC-3", "ISO/IEC 14776-453"},
    {0x0320, "SBC-2", no_version_claimed},
    {0x0322, "SBC-2", "T10/1417-D revision 5a"},
    {0x0324, "SBC-2", "T10/1417-D revision 15"},
    {0x033b, "SBC-2", "T10/1417-D revision 16"},
    {0x033d, "SBC-2", "INCITS 405-2005"},
    {0x033e, "SBC-2", "ISO/IEC 14776-322"},
    {0x0340, "OSD", no_version_claimed},
    {0x0341, "OSD", "T10/1355-D revision 0"},
    {0x0342, "OSD", "T10/1355-D revision 7a"},
    {0x0343, "OSD", "T10/1355-D revision 8"},
    {0x0344, "OSD", "T10/1355-D revision 9"},
    {0x0355, "OSD", "T10/1355-D revision 10"},
    {0x0356, "OSD", "INCITS 400-2004"},
    {0x0360, "SSC-2", no_version_claimed},
    {0x0374, "SSC-2", "T10/1434-D revision 7"},
    {0x0375, "SSC-2", "T10/1434-D revision 9"},
    {0x037d, "SSC-2", "INCITS 380-2003"},
    {0x037e, "SSC-2", "ISO/IEC 14776-342"},
    {0x0380, "BCC", no_version_claimed},
    {0x03a0, "MMC-4", no_version_claimed},
    {0x03b0, "MMC-4", "T10/1545-D revision 5"},
    {0x03b1, "MMC-4", "T10/1545-D revision 5a"},
    {0x03bd, "MMC-4", "T10/1545-D revision 3"},
    {0x03be, "MMC-4", "T10/1545-D revision 3d"},
    {0x03bf, "MMC-4", "INCITS 401-2005"},
    {0x03c0, "ADC", no_version_claimed},
    {0x03d5, "ADC", "T10/1558-D revision 6"},
    {0x03d6, "ADC", "T10/1558-D revision 7"},
    {0x03d7, "ADC", "INCITS 403-2005"},
    {0x03e0, "SES-2", no_version_claimed},
    {0x03e1, "SES-2", "T10/1559-D revision 16"},
    {0x03e7, "SES-2", "T10/1559-D revision 19"},
    {0x03eb, "SES-2", "T10/1559-D revision 20"},
    {0x03f0, "SES-2", "INCITS 448-2008"},
    {0x03f2, "SES-2", "ISO/IEC 14776-372"},
    {0x0400, "SSC-3", no_version_claimed},
    {0x0403, "SSC-3", "T10/1611-D revision 04a"},
    {0x0407, "SSC-3", "T10/1611-D revision 05"},
    {0x0409, "SSC-3", "INCITS 467-2011"},
    {0x040b, "SSC-3", "ISO/IEC 14776-333"},
    {0x0420, "MMC-5", no_version_claimed},
    {0x042f, "MMC-5", "T10/1675-D revision 03"},
    {0x0431, "MMC-5", "T10/1675-D revision 03b"},
    {0x0432, "MMC-5", "T10/1675-D revision 04"},
    {0x0434, "MMC-5", "INCITS 430-2007"},
    {0x0440, "OSD-2", no_version_claimed},
    {0x0444, "OSD-2", "T10/1729-D revision 4"},
    {0x0446, "OSD-2", "T10/1729-D revision 5"},
    {0x0448, "OSD-2", "INCITS 458-2011"},
    {0x0460, "SPC-4", no_version_claimed},
    {0x0461, "SPC-4", "T10/BSR INCITS 513 revision 16"},
    {0x0462, "SPC-4", "T10/BSR INCITS 513 revision 18"},
    {0x0463, "SPC-4", "T10/BSR INCITS 513 revision 23"},
    {0x0466, "SPC-4", "T10/BSR INCITS 513 revision 36"},
    {0x0468, "SPC-4", "T10/BSR INCITS 513 revision 37"},
    {0x0469, "SPC-4", "T10/BSR INCITS 513 revision 37a"},
    {0x046c, "SPC-4", "INCITS 513-2015"},
    {0x046e, "SPC-4", "ISO/IEC 14776-454"},
    {0x0480, "SMC-3", no_version_claimed},
    {0x0482, "SMC-3", "T10/1730-D revision 15"},
    {0x0484, "SMC-3", "T10/1730-D revision 16"},
    {0x0486, "SMC-3", "INCITS 484-2012"},
    {0x04a0, "ADC-2", no_version_claimed},
    {0x04a7, "ADC-2", "T10/1741-D revision 7"},
    {0x04aa, "ADC-2", "T10/1741-D revision 8"},
    {0x04ac, "ADC-2", "INCITS 441-2008"},
    {0x04c0, "SBC-3", no_version_claimed},
    {0x04c3, "SBC-3", "T10/BSR INCITS 514 revision 35"},
    {0x04c5, "SBC-3", "T10/BSR INCITS 514 revision 36"},
    {0x04c8, "SBC-3", "INCITS 514-2014"},
    {0x04ca, "SBC-3", "ISO/IEC 14776-323"},
    {0x04e0, "MMC-6", no_version_claimed},
    {0x04e5, "MMC-6", "T10/1836-D revision 02g"},
    {0x04e6, "MMC-6", "INCITS 468-2010"},
    {0x0500, "ADC-3", no_version_claimed},
    {0x0502, "ADC-3", "T10/1895-D revision 04"},
    {0x0504, "ADC-3", "T10/1895-D revision 05"},
    {0x0506, "ADC-3", "T10/1895-D revision 05a"},
    {0x050a, "ADC-3", "INCITS 497-2012"},
    {0x0520, "SSC-4", no_version_claimed},
    {0x0523, "SSC-4", "T10/BSR INCITS 516 revision 2"},
    {0x0525, "SSC-4", "T10/BSR INCITS 516 revision 3"},
    {0x0527, "SSC-4", "INCITS 516-2013"},
    {0x0560, "OSD-3", no_version_claimed},
    {0x0580, "SES-3", no_version_claimed},
    {0x0582, "SES-3", "T10/BSR INCITS 518 revision 13"},
    {0x0584, "SES-3", "T10/BSR INCITS 518 revision 14"},
    {0x0591, "SES-3", "INCITS 518-2017"},
    {0x05a0, "SSC-5", no_version_claimed},
    {0x05ab, "SSC-5", "BSR INCITS 503 revision 06"},
    {0x05c0, "SPC-5", no_version_claimed},
    {0x05c2, "SPC-5", "INCITS 502-2019"},
    {0x05cb, "SPC-5", "BSR INCITS 502 revision 22"},
    {0x05e0, "SFSC", no_version_claimed},
    {0x05e3, "SFSC", "BSR INCITS 501 revision 01"},
    {0x05e5, "SFSC", "BSR INCITS 501 revision 02"},
    {0x05e8, "SFSC", "INCITS 501-2016"},
    {0x05ea, "SFSC", "ISO/IEC 14776-481"},
    {0x0600, "SBC-4", no_version_claimed},
    {0x0602, "SBC-4", "INCITS 506-2021"},
    {0x060f, "SBC-4", "BSR INCITS 506 revision 20a"},
    {0x0610, "SBC-4", "BSR INCITS 506 revision 22"},
    {0x0620, "ZBC", no_version_claimed},
    {0x0622, "ZBC", "BSR INCITS 536 revision 02"},
    {0x0624, "ZBC", "BSR INCITS 536 revision 05"},
    {0x0628, "ZBC", "INCITS 536-2016"},
    {0x0640, "ADC-4", no_version_claimed},
    {0x064b, "ADC-4", "BSR INCITS 541 revision 04"},
    {0x064c, "ADC-4", "BSR INCITS 541 revision 05"},
    {0x0660, "ZBC-2", no_version_claimed},
    {0x0662, "ZBC-2", "INCITS 550-2023"},
    {0x066b, "ZBC-2", "BSR INCITS 550 revision 13"},
    {0x0680, "SES-4", no_version_claimed},
    {0x0682, "SES-4", "INCITS 555-2020"},
    {0x068f, "SES-4", "BSR INCITS 555 revision 03"},
    {0x0690, "SES-4", "BSR INCITS 555 revision 05"},
    {0x06a0, "ZBC-3", no_version_claimed},
    {0x06c0, "SBC-5", no_version_claimed},
    {0x06e0, "SPC-6", no_version_claimed},
    {0x0820, "SSA-TL2", no_version_claimed},
    {0x0840, "SSA-TL1", no_version_claimed},
    {0x0860, "SSA-S3P", no_version_claimed},
    {0x0880, "SSA-S2P", no_version_claimed},
    {0x08a0, "SIP", no_version_claimed},
    {0x08c0, "FCP", no_version_claimed},
    {0x08dc, "FCP", "INCITS 269-1996"},
    {0x08e0, "SBP-2", no_version_claimed},
    {0x08fb, "SBP-2", "T10/1155-D revision 04"},
    {0x0900, "FCP-2", no_version_claimed},
    {0x0901, "FCP-2", "T10/1144-D revision 4"},
    {0x0915, "FCP-2", "T10/1144-D revision 7"},
    {0x0916, "FCP-2", "T10/1144-D revision 7a"},
    {0x0917, "FCP-2", "INCITS 350-2003"},
    {0x0918, "FCP-2", "T10/1144-D revision 8"},
    {0x091a, "FCP-2", "ISO/IEC 14776-222"},
    {0x0920, "SST", no_version_claimed},
    {0x0940, "SRP", no_version_claimed},
    {0x0954, "SRP", "T10/1415-D revision 10"},
    {0x0955, "SRP", "T10/1415-D revision 16a"},
    {0x095c, "SRP", "INCITS 365-2002"},
    {0x0960, "iSCSI", no_version_claimed}, // 0961h..097Fh: iSCSIProtocolLevel 1..31 (RFC 7144)
    {0x0980, "SBP-3", no_version_claimed},
    {0x0982, "SBP-3", "T10/1467-D revision 1f"},
    {0x0994, "SBP-3", "T10/1467-D revision 3"},
    {0x099a, "SBP-3", "T10/1467-D revision 4"},
    {0x099b, "SBP-3", "T10/1467-D revision 5"},
    {0x099c, "SBP-3", "INCITS 375-2004"},
    {0x09a0, "SRP-2", no_version_claimed},
    {0x09bc, "SRP-2", "INCITS 551-2019"},
    {0x09c0, "ADP", no_version_claimed},
    {0x09e0, "ADT", no_version_claimed},
    {0x09f9, "ADT", "T10/1557-D revision 11"},
    {0x09fa, "ADT", "T10/1557-D revision 14"},
    {0x09fd, "ADT", "INCITS 406-2005"},
    {0x0a00, "FCP-3", no_version_claimed},
    {0x0a07, "FCP-3", "T10/1560-D revision 3f"},
    {0x0a0f, "FCP-3", "T10/1560-D revision 4"},
    {0x0a11, "FCP-3", "INCITS 416-2006"},
    {0x0a1c, "FCP-3", "ISO/IEC 14776-223"},
    {0x0a20, "ADT-2", no_version_claimed},
    {0x0a22, "ADT-2", "T10/1742-D revision 06"},
    {0x0a27, "ADT-2", "T10/1742-D revision 08"},
    {0x0a28, "ADT-2", "T10/1742-D revision 09"},
    {0x0a2b, "ADT-2", "INCITS 472-2011"},
    {0x0a40, "FCP-4", no_version_claimed},
    {0x0a42, "FCP-4", "T10/1828-D revision 01"},
    {0x0a44, "FCP-4", "T10/1828-D revision 02"},
    {0x0a45, "FCP-4", "T10/1828-D revision 02b"},
    {0x0a50, "FCP-4", "ISO/IEC 14776-224"},
    {0x0a60, "ADT-3", no_version_claimed},
    {0x0a80, "FCP-5", no_version_claimed},
    {0x0aa0, "SPI", no_version_claimed},
    {0x0ab9, "SPI", "T10/0855-D revision 15a"},
    {0x0aba, "SPI", "INCITS 253-1995"},
    {0x0ac0, "Fast-20", no_version_claimed},
    {0x0adc, "Fast-20", "INCITS 277-1996"},
    {0x0ae0, "SPI-2", no_version_claimed},
    {0x0afb, "SPI-2", "T10/1142-D revision 20b"},
    {0x0afc, "SPI-2", "INCITS 302-1999"},
    {0x0b00, "SPI-3", no_version_claimed},
    {0x0b18, "SPI-3", "T10/1302-D revision 10"},
    {0x0b19, "SPI-3", "T10/1302-D revision 13a"},
    {0x0b1a, "SPI-3", "T10/1302-D revision 14"},
    {0x0b1c, "SPI-3", "INCITS 336-2000"},
    {0x0b20, "EPI", no_version_claimed},
    {0x0b40, "SPI-4", no_version_claimed},
    {0x0b54, "SPI-4", "T10/1365-D revision 7"},
    {0x0b55, "SPI-4", "T10/1365-D revision 9"},
    {0x0b56, "SPI-4", "INCITS 362-2002"},
    {0x0b59, "SPI-4", "T10/1365-D revision 10"},
    {0x0b60, "SPI-5", no_version_claimed},
    {0x0b79, "SPI-5", "T10/1525-D revision 3"},
    {0x0b7a, "SPI-5", "T10/1525-D revision 5"},
    {0x0b7b, "SPI-5", "T10/1525-D revision 6"},
    {0x0be0, "SAS", no_version_claimed},
    {0x0be1, "SAS", "T10/1562-D revision 01"},
    {0x0bf5, "SAS", "T10/1562-D revision 03"},
    {0x0bfc, "SAS", "T10/1562-D revision 05"},
    {0x0bfd, "SAS", "INCITS 376-2003"},
    {0x0bfe, "SAS", "ISO/IEC 14776-150"},
    {0x0c00, "SAS-1.1", no_version_claimed},
    {0x0c11, "SAS-1.1", "INCITS 417-2006"},
    {0x0c12, "SAS-1.1", "ISO/IEC 14776-151"},
    {0x0c20, "SAS-2", no_version_claimed},
    {0x0c23, "SAS-2", "T10/1760-D revision 14"},
    {0x0c27, "SAS-2", "T10/1760-D revision 15"},
    {0x0c28, "SAS-2", "T10/1760-D revision 16"},
    {0x0c2a, "SAS-2", "INCITS 457-2010"},
    {0x0c40, "SAS-2.1", no_version_claimed},
    {0x0c48, "SAS-2.1", "T10/2125-D revision 04"},
    {0x0c4a, "SAS-2.1", "T10/2125-D revision 06"},
    {0x0c4b, "SAS-2.1", "T10/2125-D revision 07"},
    {0x0c4e, "SAS-2.1", "INCITS 478-2011"},
    {0x0c52, "SAS-2.1", "ISO/IEC 14776-153"},
    {0x0c60, "SAS-3", no_version_claimed},
    {0x0c63, "SAS-3", "T10/BSR INCITS 519 revision 05a"},
    {0x0c65, "SAS-3", "T10/BSR INCITS 519 revision 06"},
    {0x0c68, "SAS-3", "INCITS 519-2014"},
    {0x0c6a, "SAS-3", "ISO/IEC 14776-154"},
    {0x0c80, "SAS-4", no_version_claimed},
    {0x0c82, "SAS-4", "T10/BSR INCITS 534 revision 08a"},
    {0x0c84, "SAS-4", "T10/BSR INCITS 534 revision 09"},
    {0x0c92, "SAS-4", "INCITS 534-2019"},
    {0x0ca0, "SAS-4.1", no_version_claimed},
    {0x0ca2, "SAS-4.1", "INCITS 567-2023"},
    {0x0d20, "FC-PH", no_version_claimed},
    {0x0d40, "FC-AL", no_version_claimed},
    {0x0d60, "FC-AL-2", no_version_claimed},
    {0x0d7c, "FC-AL-2", "INCITS 332-1999"},
    {0x0d80, "FC-PH-3", no_version_claimed},
    {0x0da0, "FC-FS", no_version_claimed},
    {0x0dbc, "FC-FS", "INCITS 373-2003"},
    {0x0dc0, "FC-PI", no_version_claimed},
    {0x0de0, "FC-PI-2", no_version_claimed},
    {0x0e00, "FC-FS-2", no_version_claimed},
    {0x0e20, "FC-LS", no_version_claimed},
    {0x0e29, "FC-LS", "INCITS 433-2007"},
    {0x0e40, "FC-SP", no_version_claimed},
    {0x0e60, "FC-PI-3", no_version_claimed},
    {0x0e80, "FC-PI-4", no_version_claimed},
    {0x0ea0, "FC 10GFC", no_version_claimed},
    {0x0ec0, "FC-SP-2", no_version_claimed},
    {0x0ee0, "FC-FS-3", no_version_claimed},
    {0x0eeb, "FC-FS-3", "INCITS 470-2011"},
    {0x0f00, "FC-LS-2", no_version_claimed},
    {0x0f07, "FC-LS-2", "INCITS 477-2011"},
    {0x0f20, "FC-PI-5", no_version_claimed},
    {0x0f40, "FC-PI-6", no_version_claimed},
    {0x0f60, "FC-FS-4", no_version_claimed},
    {0x0f80, "FC-LS-3", no_version_claimed},
    {0x12a0, "FC-SCM", no_version_claimed},
    {0x12c0, "FC-DA-2", no_version_claimed},
    {0x12e0, "FC-DA", no_version_claimed},
    {0x1300, "FC-Tape", no_version_claimed},
    {0x1320, "FC-FLA", no_version_claimed},
    {0x1340, "FC-PLDA", no_version_claimed},
    {0x1360, "SSA-PH2", no_version_claimed},
    {0x1380, "SSA-PH3", no_version_claimed},
    {0x14a0, "IEEE 1394", no_version_claimed},
    {0x14c0, "IEEE 1394a", no_version_claimed},
    {0x14e0, "IEEE 1394b", no_version_claimed},
    {0x15e0, "ATA/ATAPI-6", no_version_claimed},
    {0x15fd, "ATA/ATAPI-6", "INCITS 361-2002"},
    {0x1600, "ATA/ATAPI-7", no_version_claimed},
    {0x1602, "ATA/ATAPI-7", "T13/1532-D revision 3"},
    {0x161c, "ATA/ATAPI-7", "INCITS 397-2005"},
    {0x161e, "ATA/ATAPI-7", "ISO/IEC 24739"},
    // ATA/ATAPI-8 is a family of parts; its block holds all of them.
    {0x1620, "ATA/ATAPI-8", "Architecture Model (no version claimed)"},
    {0x1621, "ATA/ATAPI-8", "Parallel Transport (no version claimed)"},
    {0x1622, "ATA/ATAPI-8", "Serial Transport (no version claimed)"},
    {0x1623, "ATA/ATAPI-8", "ATA/ATAPI Command Set (no version claimed)"},
    {0x1628, "ATA/ATAPI-8", "Architecture Model INCITS 451-2008"},
    {0x162a, "ATA/ATAPI-8", "ATA/ATAPI Command Set INCITS 452-2009 w/ Amendment 1"},
    {0x1728, "Universal Serial Bus Specification, Revision 1.1", ""},
    {0x1729, "Universal Serial Bus Specification, Revision 2.0", ""},
    {0x1730, "USB Mass Storage Class Bulk-Only Transport, Revision 1.0", ""},
    {0x1740, "UAS", no_version_claimed},
    {0x1743, "UAS", "T10/2095-D revision 02"},
    {0x1747, "UAS", "T10/2095-D revision 04"},
    {0x1748, "UAS", "INCITS 471-2010"},
    {0x1749, "UAS", "ISO/IEC 14776-251"},
    // ACS and ZAC codes are packed into shared blocks (no block base entry).
    {0x1761, "ACS-2", no_version_claimed},
    {0x1762, "ACS-2", "INCITS 482-2013"},
    {0x1765, "ACS-3", ""},
    {0x1766, "ACS-3", "INCITS 522-2014"},
    {0x1767, "ACS-4", "INCITS 529-2018"},
    {0x1768, "ACS-4", no_version_claimed},
    {0x1769, "ACS-5", no_version_claimed},
    {0x176a, "ACS-5", "INCITS 558-2021"},
    {0x176e, "ACS-6", no_version_claimed},
    {0x1778, "ACS-2", "ISO/IEC 17760-102"},
    {0x1779, "ACS-3", "ISO/IEC 17760-103"},
    {0x177b, "ACS-5", "ISO/IEC 17760-105"},
    {0x1780, "UAS-2", no_version_claimed},
    {0x17a3, "ZAC", no_version_claimed},
    {0x17a4, "ZAC", "INCITS 537-2016"},
    {0x17a5, "ZAC-2", "INCITS 549-2022"},
    {0x17a6, "ZAC-2", no_version_claimed},
    {0x17a7, "ZAC-3", no_version_claimed},
    {0x17c0, "UAS-3", no_version_claimed},
    {0x17c2, "UAS-3", "INCITS 572-2021"},
    {0x1807, "UAS-3", "ISO/IEC 14776-253"},
    {0x1ea0, "SAT", no_version_claimed},
    {0x1ea7, "SAT", "T10/1711-D revision 8"},
    {0x1eab, "SAT", "T10/1711-D revision 9"},
    {0x1ead, "SAT", "INCITS 431-2007"},
    {0x1ec0, "SAT-2", no_version_claimed},
    {0x1ec4, "SAT-2", "T10/1826-D revision 06"},
    {0x1ec8, "SAT-2", "T10/1826-D revision 09"},
    {0x1eca, "SAT-2", "INCITS 465-2010"},
    {0x1ee0, "SAT-3", no_version_claimed},
    {0x1ee2, "SAT-3", "T10/BSR INCITS 517 revision 4"},
    {0x1ee4, "SAT-3", "T10/BSR INCITS 517 revision 7"},
    {0x1ee8, "SAT-3", "INCITS 517-2015"},
    {0x1f00, "SAT-4", no_version_claimed},
    {0x1f02, "SAT-4", "T10/BSR INCITS 491 revision 5"},
    {0x1f04, "SAT-4", "T10/BSR INCITS 491 revision 6"},
    {0x1f0c, "SAT-4", "INCITS 491-2018"},
    {0x1f20, "SAT-5", no_version_claimed},
    {0x1f25, "SAT-5", "BSR INCITS 577 revision 10"},
    {0x1f40, "SAT-6", no_version_claimed},
    {0x1f60, "SNT", no_version_claimed},
    {0x20a0, "SPL", no_version_claimed},
    {0x20a3, "SPL", "T10/2124-D revision 6a"},
    {0x20a5, "SPL", "T10/2124-D revision 7"},
    {0x20a7, "SPL", "INCITS 476-2011"},
    {0x20aa, "SPL", "ISO/IEC 14776-261"},
    {0x20c0, "SPL-2", no_version_claimed},
    {0x20c2, "SPL-2", "T10/BSR INCITS 505 revision 4"},
    {0x20c4, "SPL-2", "T10/BSR INCITS 505 revision 5"},
    {0x20c8, "SPL-2", "INCITS 505-2013"},
    {0x20c9, "SPL-2", "ISO/IEC 14776-262"},
    {0x20e0, "SPL-3", no_version_claimed},
    {0x20e4, "SPL-3", "T10/BSR INCITS 492 revision 6"},
    {0x20e6, "SPL-3", "T10/BSR INCITS 492 revision 7"},
    {0x20e8, "SPL-3", "INCITS 492-2015"},
    {0x20e9, "SPL-3", "ISO/IEC 14776-263"},
    {0x2100, "SPL-4", no_version_claimed},
    {0x2102, "SPL-4", "T10/BSR INCITS 538 revision 08a"},
    {0x2104, "SPL-4", "T10/BSR INCITS 538 revision 10"},
    {0x2105, "SPL-4", "T10/BSR INCITS 538 revision 11"},
    {0x2107, "SPL-4", "T10/BSR INCITS 538 revision 13"},
    {0x2110, "SPL-4", "INCITS 538-2018"},
    {0x2120, "SPL-5", no_version_claimed},
    {0x2122, "SPL-5", "INCITS 554-2023"},
    {0x212e, "SPL-5", "BSR INCITS 554 revision 14"},
    {0x212f, "SPL-5", "BSR INCITS 554 revision 15"},
    {0x21e0, "SOP", no_version_claimed},
    {0x21e4, "SOP", "T10/BSR INCITS 489 revision 4"},
    {0x21e6, "SOP", "T10/BSR INCITS 489 revision 5"},
    {0x21e8, "SOP", "INCITS 489-2014"},
    {0x2200, "PQI", no_version_claimed},
    {0x2204, "PQI", "T10/BSR INCITS 490 revision 6"},
    {0x2206, "PQI", "T10/BSR INCITS 490 revision 7"},
    {0x2208, "PQI", "INCITS 490-2014"},
    {0x2220, "SOP-2", "(no draft published)"},
    {0x2240, "PQI-2", no_version_claimed},
    {0x2242, "PQI-2", "T10/BSR INCITS 507 revision 01"},
    {0x2244, "PQI-2", "INCITS 507-2016"},
    {0xffc0, "IEEE 1667", no_version_claimed},
};

inline constexpr std::size_t version_descriptor_table_size =
    sizeof version_descriptor_table / sizeof version_descriptor_table[0];

// Binary search of the sorted table; nullptr when the code is not listed.
constexpr const version_descriptor_info* find_version_descriptor_entry(std::uint16_t code) noexcept
{
    std::size_t low = 0;
    std::size_t high = version_descriptor_table_size;
    while (low < high) {
        const std::size_t mid = low + (high - low) / 2;
        const std::uint16_t at = version_descriptor_table[mid].code;
        if (at == code) return &version_descriptor_table[mid];
        if (at < code)
            low = mid + 1;
        else
            high = mid;
    }
    return nullptr;
}

constexpr bool equal_text(const char* a, const char* b) noexcept
{
    std::size_t i = 0;
    for (; a[i] != '\0'; ++i)
        if (a[i] != b[i]) return false;
    return b[i] == '\0';
}

// The standard owning the block of `code`: the table entry at the block's
// first code, when there is one and it is a "no version claimed" entry.
constexpr const version_descriptor_info* version_descriptor_block(std::uint16_t code) noexcept
{
    const version_descriptor_info* base = find_version_descriptor_entry(static_cast<std::uint16_t>(code & 0xffe0u));
    return !mpio::detail::is_null(base) && equal_text(base->version, no_version_claimed) ? base : nullptr;
}

} // namespace detail

// The exact table entry for `code`, or nullptr when it is not listed.
[[nodiscard]] constexpr const version_descriptor_info* find_version_descriptor(std::uint16_t code) noexcept
{
    return detail::find_version_descriptor_entry(code);
}

// The standard a version descriptor names, e.g. "SPC-4" for 0460h or 046Ch,
// "SBC-4" for an SBC-4 draft code the table does not list. nullptr for 0000h
// (an unused slot) and for codes of no known standard.
[[nodiscard]] constexpr const char* version_descriptor_name(std::uint16_t code) noexcept
{
    if (code == 0) return nullptr;
    // is_null, not `if (exact)`: GCC 12 constant expressions (see core/config.hpp).
    if (const version_descriptor_info* exact = detail::find_version_descriptor_entry(code);
        !mpio::detail::is_null(exact))
        return exact->standard;
    if (const version_descriptor_info* block = detail::version_descriptor_block(code); !mpio::detail::is_null(block))
        return block->standard;
    return nullptr;
}

// The version part of a listed code, e.g. "INCITS 513-2015" or "(no version
// claimed)"; "" when the standard's name says it all; nullptr when the code
// is not listed.
[[nodiscard]] constexpr const char* version_descriptor_version(std::uint16_t code) noexcept
{
    const version_descriptor_info* exact = detail::find_version_descriptor_entry(code);
    return !mpio::detail::is_null(exact) ? exact->version : nullptr;
}

// One line for a log: "SPC-4 INCITS 513-2015", "SBC-4 (version descriptor
// 0x060d)", "iSCSI (iSCSIProtocolLevel=2)", "unknown version descriptor 0x1234".
template <std::size_t N>
constexpr fixed_text<N>& append_version_descriptor(fixed_text<N>& out, std::uint16_t code) noexcept
{
    if (code == 0) return out.append("none");
    if (const version_descriptor_info* exact = find_version_descriptor(code)) {
        out.append(exact->standard);
        if (exact->version[0] != '\0') out.append(' ').append(exact->version);
        return out;
    }
    if (code > 0x0960 && code <= 0x097f) // RFC 7144: the low bits are the iSCSIProtocolLevel
        return out.append("iSCSI (iSCSIProtocolLevel=").append_decimal(code - 0x0960u).append(')');
    if (const version_descriptor_info* block = detail::version_descriptor_block(code))
        return out.append(block->standard).append(" (version descriptor 0x").append_hex(code, 4).append(')');
    return out.append("unknown version descriptor 0x").append_hex(code, 4);
}

} // namespace mpio::scsi

#endif // MPIO_SCSI_VERSION_DESCRIPTORS_HPP
