// Package mapi holds what Outlook's two file formats share: MAPI property
// tags and values, the message they describe, and the decompression of
// the compressed RTF body (MS-OXRTFCP). The .msg reader (package msg,
// MS-OXMSG) and the winmail.dat reader (package tnef, MS-OXTNEF) both
// fill a Props bag and turn it into a Message with NewMessage.
package mapi
