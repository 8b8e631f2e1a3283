package mapi

import (
	"encoding/binary"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Property types (MS-OXCDATA §2.11.1) the readers decode.
const (
	TypeInt16   = 0x0002
	TypeInt32   = 0x0003
	TypeBoolean = 0x000B
	TypeObject  = 0x000D
	TypeInt64   = 0x0014
	TypeString8 = 0x001E
	TypeUnicode = 0x001F
	TypeSysTime = 0x0040
	TypeBinary  = 0x0102
)

// Property IDs (MS-OXPROPS) the analysis reads.
const (
	PidSubject            = 0x0037
	PidSentRepName        = 0x0042
	PidSentRepEmail       = 0x0065
	PidTransportHeaders   = 0x007D
	PidSenderName         = 0x0C1A
	PidSenderEmail        = 0x0C1F
	PidSenderSMTP         = 0x5D01
	PidSentRepSMTP        = 0x5D02
	PidClientSubmitTime   = 0x0039
	PidDeliveryTime       = 0x0E06
	PidBody               = 0x1000
	PidRTFCompressed      = 0x1009
	PidHTML               = 0x1013
	PidInternetMessageID  = 0x1035
	PidDisplayName        = 0x3001
	PidEmailAddress       = 0x3003
	PidSMTPAddress        = 0x39FE
	PidRecipientType      = 0x0C15
	PidAttachData         = 0x3701
	PidAttachFilename     = 0x3704
	PidAttachMethod       = 0x3705
	PidAttachLongFilename = 0x3707
	PidAttachMIMETag      = 0x370E
	PidAttachContentID    = 0x3712
	PidMessageClass       = 0x001A
	AttachMethodEmbedded  = 5
	RecipientTypeTo       = 1
	RecipientTypeCc       = 2
	RecipientTypeBcc      = 3
)

// Value is one property value as stored: its type and its raw bytes
// (little-endian for numbers, UTF-16LE for Unicode strings).
type Value struct {
	Type uint16
	Data []byte
}

// Props is a property bag keyed by property ID. Multi-valued and named
// properties are not kept: nothing here needs them.
type Props map[uint16]Value

// String returns a string property, decoding UTF-16LE or 8-bit text
// (taken as UTF-8 when valid, else Windows-1252), without trailing NULs.
func (p Props) String(id uint16) string {
	v, ok := p[id]
	if !ok {
		return ""
	}
	switch v.Type {
	case TypeUnicode:
		return DecodeUTF16(v.Data)
	case TypeString8, TypeBinary:
		return Decode8Bit(v.Data)
	}
	return ""
}

// Bytes returns a binary (or string) property's raw bytes.
func (p Props) Bytes(id uint16) []byte {
	return p[id].Data
}

// Int returns a 16- or 32-bit integer property, or 0.
func (p Props) Int(id uint16) int {
	v := p[id]
	switch {
	case v.Type == TypeInt16 && len(v.Data) >= 2:
		return int(int16(binary.LittleEndian.Uint16(v.Data)))
	case v.Type == TypeInt32 && len(v.Data) >= 4:
		return int(int32(binary.LittleEndian.Uint32(v.Data)))
	}
	return 0
}

// Time returns a PtypTime property (100 ns ticks since 1601) in UTC, or
// the zero time.
func (p Props) Time(id uint16) time.Time {
	v := p[id]
	if v.Type != TypeSysTime || len(v.Data) < 8 {
		return time.Time{}
	}
	return FileTime(binary.LittleEndian.Uint64(v.Data))
}

// FileTime converts a Windows FILETIME to UTC.
func FileTime(ticks uint64) time.Time {
	const epochDiff = 116444736000000000 // 1601 to 1970 in 100 ns ticks
	if ticks < epochDiff || ticks > epochDiff+1<<62 {
		return time.Time{}
	}
	t := int64(ticks - epochDiff)
	return time.Unix(t/1e7, t%1e7*100).UTC()
}

// DecodeUTF16 decodes little-endian UTF-16 and drops trailing NULs.
func DecodeUTF16(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return strings.TrimRight(string(utf16.Decode(u)), "\x00")
}

// Decode8Bit decodes 8-bit text: UTF-8 when valid, else Windows-1252, the
// code page of most Western Outlook installations.
func Decode8Bit(b []byte) string {
	s := strings.TrimRight(string(b), "\x00")
	if utf8.ValidString(s) {
		return s
	}
	out, err := charmap.Windows1252.NewDecoder().String(s)
	if err != nil {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	return out
}
