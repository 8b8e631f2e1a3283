package mapi

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Compressed RTF signatures (MS-OXRTFCP §2.1.3.1.1).
const (
	rtfCompressed   = 0x75465a4c // "LZFu"
	rtfUncompressed = 0x414c454d // "MELA"
)

// rtfDictionary is the initial content of the 4096-byte dictionary
// (MS-OXRTFCP §3.1.3.1).
const rtfDictionary = `{\rtf1\ansi\mac\deff0\deftab720{\fonttbl;}{\f0\fnil \froman \fswiss ` +
	`\fmodern \fscript \fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\colortbl\red0\green0` +
	`\blue0` + "\r\n" + `\par \pard\plain\f0\fs20\b\i\u\tab\tx`

// ErrRTFFormat says the compressed RTF header is not one the spec names.
var ErrRTFFormat = errors.New("not a compressed rtf stream")

// DecompressRTF expands PidTagRtfCompressed (MS-OXRTFCP) into at most
// limit bytes. The CRC is not checked: a damaged body is still worth
// scanning for links.
func DecompressRTF(b []byte, limit int) ([]byte, error) {
	if len(b) < 16 {
		return nil, ErrRTFFormat
	}
	rawSize := int(binary.LittleEndian.Uint32(b[4:]))
	switch binary.LittleEndian.Uint32(b[8:]) {
	case rtfUncompressed:
		return clip(b[16:], min(rawSize, limit)), nil
	case rtfCompressed:
	default:
		return nil, ErrRTFFormat
	}
	out, err := lzfu(b[16:], min(rawSize, limit))
	if err != nil {
		return out, fmt.Errorf("decompressing rtf: %w", err)
	}
	return out, nil
}

// clip returns at most n bytes of b.
func clip(b []byte, n int) []byte {
	if n < 0 || n > len(b) {
		return b
	}
	return b[:n]
}

// errRTFTruncated says the compressed data ended inside a run.
var errRTFTruncated = errors.New("compressed data truncated")

// lzfu runs the decompression loop: each control byte announces eight
// items, a literal byte (bit 0) or a 12-bit dictionary offset with a
// 4-bit length (bit 1). A reference to the write position ends the data.
func lzfu(in []byte, limit int) ([]byte, error) {
	var dict [4096]byte
	n := copy(dict[:], rtfDictionary)
	write := n
	out := make([]byte, 0, min(limit, 1<<16))
	for i := 0; i < len(in) && len(out) < limit; {
		control := in[i]
		i++
		for bit := 0; bit < 8 && len(out) < limit; bit++ {
			if control&(1<<bit) == 0 {
				if i >= len(in) {
					return out, nil
				}
				out = append(out, in[i])
				dict[write%4096] = in[i]
				write++
				i++
				continue
			}
			if i+1 >= len(in) {
				return out, errRTFTruncated
			}
			ref := int(in[i])<<8 | int(in[i+1])
			i += 2
			offset, length := ref>>4, ref&0xF+2
			if offset == write%4096 {
				return out, nil
			}
			for k := 0; k < length && len(out) < limit; k++ {
				c := dict[(offset+k)%4096]
				out = append(out, c)
				dict[write%4096] = c
				write++
			}
		}
	}
	return out, nil
}
