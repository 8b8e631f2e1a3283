package mapping

import "strings"

// similarity scores two normalised names from 0 (nothing alike) to 1
// (equal): the better of Jaro-Winkler over the whole names and the share of
// words they have in common, so both a typo ("Contso") and reordered or
// missing words ("Smith Plumbing" / "Plumbing Smith") score high.
func similarity(a, b string) float64 {
	if a == b {
		return 1
	}
	if a == "" || b == "" {
		return 0
	}

	return max(jaroWinkler(a, b), wordOverlap(a, b))
}

// wordOverlap is the Dice coefficient of the two names' word sets.
func wordOverlap(a, b string) float64 {
	wa, wb := strings.Fields(a), strings.Fields(b)
	set := make(map[string]bool, len(wa))
	for _, w := range wa {
		set[w] = true
	}
	common := 0
	for _, w := range wb {
		if set[w] {
			common++
			delete(set, w)
		}
	}

	return 2 * float64(common) / float64(len(wa)+len(wb))
}

// jaroWinkler is the Jaro similarity of a and b raised for a common prefix
// of up to four bytes. Names are compared as bytes: Normalize leaves them
// ASCII-like.
func jaroWinkler(a, b string) float64 {
	j := jaro(a, b)
	prefix := 0
	for prefix < min(4, len(a), len(b)) && a[prefix] == b[prefix] {
		prefix++
	}

	return j + float64(prefix)*0.1*(1-j)
}

// jaro is the Jaro similarity of a and b.
func jaro(a, b string) float64 {
	window := max(len(a), len(b))/2 - 1
	window = max(window, 0)
	ma, mb := make([]bool, len(a)), make([]bool, len(b))
	matches := 0
	for i := range len(a) {
		for k := max(0, i-window); k < min(len(b), i+window+1); k++ {
			if !mb[k] && a[i] == b[k] {
				ma[i], mb[k] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}

	return jaroScore(a, b, ma, mb, matches)
}

// jaroScore combines matches and transpositions into the Jaro similarity.
func jaroScore(a, b string, ma, mb []bool, matches int) float64 {
	transposed, k := 0, 0
	for i := range len(a) {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			transposed++
		}
		k++
	}
	m := float64(matches)

	return (m/float64(len(a)) + m/float64(len(b)) + (m-float64(transposed)/2)/m) / 3
}
