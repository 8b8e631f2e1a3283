package tnef

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/psabridge/psabridge/internal/mailcheck/mapi"
)

// maxProps bounds the properties of one list.
const maxProps = 5000

var errShort = errors.New("property data truncated")

// decodeProps reads a property list (MS-OXTNEF §2.1.3.4): a count, then
// for each property its type, ID, an optional name, and its value(s).
func decodeProps(b []byte, p mapi.Props) error {
	r := &propReader{b: b}
	r.list(p)
	return r.err
}

// propReader reads little-endian values, remembering the first error.
type propReader struct {
	b   []byte
	err error
}

// take returns the next n bytes, or nil after an error.
func (r *propReader) take(n uint32) []byte {
	if r.err != nil {
		return nil
	}
	if uint64(n) > uint64(len(r.b)) {
		r.err = errShort
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *propReader) u32() uint32 {
	if b := r.take(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

// list reads one property list into p.
func (r *propReader) list(p mapi.Props) {
	n := r.u32()
	if n > maxProps {
		r.err = fmt.Errorf("%d properties in one list", n)
		return
	}
	for i := uint32(0); i < n && r.err == nil; i++ {
		r.prop(p)
	}
}

// prop reads one property; named and multi-valued ones are read past but
// not kept.
func (r *propReader) prop(p mapi.Props) {
	tag := r.u32()
	typ, id := uint16(tag), uint16(tag>>16)
	if id >= 0x8000 {
		r.skipName()
	}
	multi := typ&0x1000 != 0
	base := typ &^ 0x1000
	count := uint32(1)
	if multi || variableType(base) {
		count = r.u32()
	}
	if count > maxProps {
		r.err = fmt.Errorf("%d values in one property", count)
		return
	}
	for i := uint32(0); i < count && r.err == nil; i++ {
		v := r.value(base)
		if !multi && id < 0x8000 && r.err == nil {
			p[id] = mapi.Value{Type: base, Data: v}
		}
	}
}

// skipName reads past a named property's GUID and ID or name.
func (r *propReader) skipName() {
	r.take(16)
	if kind := r.u32(); kind == 1 {
		r.take(pad4(r.u32()))
		return
	}
	r.take(4)
}

// value reads one value of the given type, with its padding.
func (r *propReader) value(typ uint16) []byte {
	if variableType(typ) {
		size := r.u32()
		v := r.take(size)
		r.take(pad4(size) - size)
		return v
	}
	size, ok := fixedSize(typ)
	if !ok {
		r.err = fmt.Errorf("unknown property type 0x%04x", typ)
		return nil
	}
	return r.take(size)
}

// variableType reports whether values of typ carry their own length.
func variableType(typ uint16) bool {
	switch typ {
	case mapi.TypeString8, mapi.TypeUnicode, mapi.TypeBinary, mapi.TypeObject:
		return true
	}
	return false
}

// fixedSize returns the stored size of a fixed-size type, padded to four
// bytes as TNEF stores it.
func fixedSize(typ uint16) (uint32, bool) {
	switch typ {
	case 0x0001, mapi.TypeInt16, mapi.TypeInt32, 0x0004, 0x000A, mapi.TypeBoolean:
		return 4, true
	case 0x0005, 0x0006, 0x0007, mapi.TypeInt64, mapi.TypeSysTime:
		return 8, true
	case 0x0048:
		return 16, true
	}
	return 0, false
}

// pad4 rounds n up to a multiple of four.
func pad4(n uint32) uint32 {
	return (n + 3) &^ 3
}
