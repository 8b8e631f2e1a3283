package mapping

import (
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// legalSuffixes are company-form words, already normalised, that Normalize
// removes from the end of a name. Dotted forms such as "L.L.C." or "S.A."
// reach this set as "llc" and "sa" because single letters are joined first.
// "spa" (S.p.A.) and "pc" are left out on purpose: they are common words in
// small-business names ("Day Spa", "PC Repair").
var legalSuffixes = map[string]bool{
	"inc": true, "incorporated": true, "llc": true, "pllc": true,
	"ltd": true, "limited": true, "corp": true, "corporation": true,
	"co": true, "company": true, "lp": true, "llp": true, "plc": true,
	"pty": true, "proprietary": true, "gmbh": true, "ag": true, "kg": true,
	"ohg": true, "ug": true, "ev": true, "sa": true, "sarl": true,
	"sas": true, "sasu": true, "srl": true, "sl": true, "ltda": true,
	"bv": true, "nv": true, "vof": true, "oy": true, "oyj": true,
	"ab": true, "as": true, "asa": true, "aps": true, "se": true,
	"kft": true, "zrt": true, "sro": true, "zoo": true, "sp": true,
	"kk": true, "sdn": true, "bhd": true,
}

// letterFolds spells out letters that Unicode does not decompose into a
// base letter plus marks, so NFKD alone would keep them.
var letterFolds = strings.NewReplacer(
	"ø", "o", "Ø", "o", "æ", "ae", "Æ", "ae", "œ", "oe", "Œ", "oe",
	"ł", "l", "Ł", "l", "đ", "d", "Đ", "d", "ð", "d", "Ð", "d",
	"þ", "th", "Þ", "th", "ı", "i",
)

// Normalize reduces a company name to the form names are compared in:
// diacritics stripped, case folded, "&" spelled "and", quotes dropped, other
// punctuation treated as space, runs of single letters joined ("A.B.C." and
// "A B C" both become "abc"), a leading "The" and trailing legal suffixes
// ("Inc", "GmbH & Co. KG", "Pty Ltd", …) removed. A name that is nothing
// but a suffix keeps it, so "The Company" stays "company".
func Normalize(name string) string {
	words := strings.Fields(simplify(name))
	words = joinSingleLetters(words)
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}

	return strings.Join(trimSuffixes(words), " ")
}

// simplify folds a name to lower-case ASCII-like letters and digits
// separated by spaces.
func simplify(name string) string {
	t := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	s, _, err := transform.String(t, letterFolds.Replace(name))
	if err != nil {
		s = name
	}
	s = cases.Fold().String(s)

	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString(" and ")
		case isQuote(r):
			// Dropped, not spaced: "O'Brien" and "OBrien" compare equal.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}

	return b.String()
}

// isQuote reports whether r is an apostrophe or quotation mark.
func isQuote(r rune) bool {
	return strings.ContainsRune("'\"`´‘’‚‛“”„‟«»‹›′″", r)
}

// joinSingleLetters joins neighbouring one-letter words, turning the pieces
// of abbreviations like "L.L.C." or "S.A." back into one word.
func joinSingleLetters(words []string) []string {
	out := words[:0:0]
	run := ""
	for _, w := range words {
		if isSingleLetter(w) {
			run += w
			continue
		}
		if run != "" {
			out = append(out, run)
			run = ""
		}
		out = append(out, w)
	}
	if run != "" {
		out = append(out, run)
	}

	return out
}

// isSingleLetter reports whether w is exactly one letter.
func isSingleLetter(w string) bool {
	rs := []rune(w)
	return len(rs) == 1 && unicode.IsLetter(rs[0])
}

// trimSuffixes removes legal suffixes from the end of words, and an "and"
// left dangling by them ("GmbH & Co. KG"), keeping at least one word.
func trimSuffixes(words []string) []string {
	trimmed := false
	for len(words) > 1 {
		last := words[len(words)-1]
		if !legalSuffixes[last] && !(trimmed && last == "and") {
			break
		}
		words = words[:len(words)-1]
		trimmed = true
	}

	return words
}
