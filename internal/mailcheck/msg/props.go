package msg

import (
	"encoding/binary"
	"strconv"
	"strings"

	"github.com/psabridge/psabridge/internal/mailcheck/mapi"
)

// propEntryLen is the size of one fixed-size property entry (MS-OXMSG
// §2.4.2): tag, flags and an 8-byte value.
const propEntryLen = 16

// readProps reads a storage's property stream, skipping its header, and
// the variable-length values kept in __substg1.0_IIIITTTT streams.
func readProps(s *storage, headerLen int) mapi.Props {
	p := mapi.Props{}
	stream := s.streams[propStream]
	for off := headerLen; off+propEntryLen <= len(stream); off += propEntryLen {
		tag := binary.LittleEndian.Uint32(stream[off:])
		typ, id := uint16(tag), uint16(tag>>16)
		if fixedType(typ) {
			p[id] = mapi.Value{Type: typ, Data: stream[off+8 : off+16]}
		}
	}
	for name, data := range s.streams {
		if id, typ, ok := valueStreamTag(name); ok {
			p[id] = mapi.Value{Type: typ, Data: data}
		}
	}
	return p
}

// fixedType reports whether values of typ sit in the property stream.
func fixedType(typ uint16) bool {
	switch typ {
	case mapi.TypeInt16, mapi.TypeInt32, mapi.TypeBoolean, mapi.TypeInt64, mapi.TypeSysTime:
		return true
	}
	return false
}

// valueStreamTag parses "__substg1.0_0037001F" into ID 0x0037 and type
// 0x001F. Multi-valued properties (type bit 0x1000) are not read.
func valueStreamTag(name string) (uint16, uint16, bool) {
	hex, ok := strings.CutPrefix(name, valueStreamPfx)
	if !ok || len(hex) != 8 {
		return 0, 0, false
	}
	tag, err := strconv.ParseUint(hex, 16, 32)
	if err != nil || tag&0x1000 != 0 {
		return 0, 0, false
	}
	return uint16(tag >> 16), uint16(tag), true
}
