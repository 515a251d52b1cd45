package seeder

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/brianvoe/gofakeit/v7/data"
)

// Column widths of schema.sql that generated strings must fit.
const (
	maxUsernameLen = 20 // users.username varchar(20)
	maxNameLen     = 35 // user_profiles.first_name, last_name varchar(35)
)

// Names are drawn without replacement: a name is a pure function of the
// seed and a row's index, through a seeded permutation of a finite space
// of names, so no row needs to know the others and two rows get the same
// name only once the space is used up. Only then does a name take a
// suffix, and the suffix is made from ids alone.

// namePools are gofakeit's person names (the version go.mod pins), kept to
// ASCII letters and deduplicated case-insensitively, as the collation
// compares them.
type namePools struct {
	last  []string // "Abbott", ...
	first []string // "aaliyah", ...: lower case, at most maxFirstInDotted letters, for "first.last"
	lastL []string // lower-case last names of at most maxLastInDotted letters, for "first.last"
	solo  []string // lower-case first names that are not also last names, for "first42"
}

// Widths that keep "first.last" within 20 characters.
const (
	maxFirstInDotted = 8
	maxLastInDotted  = maxUsernameLen - 1 - maxFirstInDotted
)

var pools = buildPools(data.Person["first"], data.Person["last"])

func buildPools(first, last []string) namePools {
	var p namePools
	p.last = letterWords(last, false)
	lastSet := map[string]bool{}
	for _, s := range p.last {
		lastSet[strings.ToLower(s)] = true
		if len(s) <= maxLastInDotted {
			p.lastL = append(p.lastL, strings.ToLower(s))
		}
	}
	for _, s := range letterWords(first, true) {
		if len(s) <= maxFirstInDotted {
			p.first = append(p.first, s)
		}
		if !lastSet[s] {
			p.solo = append(p.solo, s)
		}
	}
	return p
}

// letterWords keeps each word's ASCII letters (lower-cased if lower) and
// drops empty words and case-insensitive repeats, keeping the order.
func letterWords(words []string, lower bool) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range words {
		var b strings.Builder
		for _, r := range w {
			if r < utf8.RuneSelf && unicode.IsLetter(r) {
				b.WriteRune(r)
			}
		}
		s := b.String()
		if lower {
			s = strings.ToLower(s)
		}
		if s == "" || len(s) > maxUsernameLen-5 || seen[strings.ToLower(s)] {
			continue
		}
		seen[strings.ToLower(s)] = true
		out = append(out, s)
	}
	return out
}

// perm is a pseudo-random permutation of [0, n): a four-round Feistel
// network on the smallest even number of bits that holds n, cycle-walked
// back into range (at most four steps on average). Cheap, stateless and
// seeded, so the i-th element of a shuffled space costs O(1).
type perm struct {
	n    uint64
	half uint
	keys [4]uint64
}

func newPerm(n uint64, key uint64) perm {
	p := perm{n: n, half: 1}
	for uint64(1)<<(2*p.half) < n {
		p.half++
	}
	for i := range p.keys {
		key = splitmix(key + uint64(i))
		p.keys[i] = key
	}
	return p
}

// at is the image of x < n.
func (p perm) at(x uint64) uint64 {
	mask := uint64(1)<<p.half - 1
	for {
		l, r := x>>p.half, x&mask
		for _, k := range p.keys {
			l, r = r, l^(splitmix(r^k)&mask)
		}
		x = l<<p.half | r
		if x < p.n {
			return x
		}
	}
}

// Last names, for profile index x (0-based): first every name of the pool
// once, in a seeded order; then double-barrelled names ("Smith-Jones", two
// different names, every ordered pair once); only past those, a
// double-barrelled name and a counter in letters ("Smith-Jones-B").
func lastName(seed uint64, x int64) (name string, suffixed bool) {
	n := uint64(len(pools.last))
	u := uint64(x)
	if u < n {
		return pools.last[newPerm(n, splitmix(seed^0x1a57)).at(u)], false
	}
	u -= n
	pairs := n * (n - 1)
	pair := func(v uint64) string {
		a, b := v/(n-1), v%(n-1)
		if b >= a { // skip the pair of a name with itself
			b++
		}
		return pools.last[a] + "-" + pools.last[b]
	}
	p := newPerm(pairs, splitmix(seed^0xd0ab1e))
	if u < pairs {
		return pair(p.at(u)), false
	}
	u -= pairs
	return pair(p.at(u%pairs)) + "-" + letters(int64(u/pairs)+2), true
}

// Username shapes, each a space of names that cannot meet another's:
// "Abbott4821" (a last name and 0..9999: letters then digits),
// "john.smith" (a dot between letters) and "aaliyah42" (a lower-case first
// name that is no last name, and 10..99). In every block of eight users,
// three get the first shape, three the second and two the third, in a
// seeded order; a shape's k-th user gets the k-th name of its shuffled
// space. A shape runs out only past about 560,000 users ("first42") and
// then, as two users would really share a name, the later one gets "_"
// and its id in base 36 (no name of a shape contains "_").
var usernameShapes = [8]int{0, 0, 0, 1, 1, 1, 2, 2}

const (
	shapeNumbers = 10000 // "Abbott0".."Abbott9999"
	soloFrom     = 10    // "aaliyah10".."aaliyah99"
	soloNumbers  = 90
)

func shapeSize(s int) uint64 {
	switch s {
	case 0:
		return uint64(len(pools.last)) * shapeNumbers
	case 1:
		return uint64(len(pools.first)) * uint64(len(pools.lastL))
	default:
		return uint64(len(pools.solo)) * soloNumbers
	}
}

func shapeName(s int, v uint64) string {
	switch s {
	case 0:
		return pools.last[v/shapeNumbers] + strconv.FormatUint(v%shapeNumbers, 10)
	case 1:
		return pools.first[v/uint64(len(pools.lastL))] + "." + pools.lastL[v%uint64(len(pools.lastL))]
	default:
		return pools.solo[v/soloNumbers] + strconv.FormatUint(v%soloNumbers+soloFrom, 10)
	}
}

// username is the username of user index x (0-based, id x+1).
func username(seed uint64, x int64) (name string, suffixed bool) {
	block, pos := uint64(x)/8, uint64(x)%8
	slot := newPerm(8, splitmix(seed^0x5107^splitmix(block))).at(pos)
	shape := usernameShapes[slot]
	rank := uint64(0) // slot's rank among the block's slots of its shape
	per := uint64(0)  // slots of that shape in a block
	for i, s := range usernameShapes {
		if s == shape {
			if uint64(i) < slot {
				rank++
			}
			per++
		}
	}
	k := block*per + rank
	size := shapeSize(shape)
	name = shapeName(shape, newPerm(size, splitmix(seed^0xfa5e^uint64(shape))).at(k%size))
	if k < size {
		return name, false
	}
	suffix := strconv.FormatInt(x+1, 36)
	return name[:min(len(name), maxUsernameLen-1-len(suffix))] + "_" + suffix, true
}

// letters writes n >= 1 in bijective base 26 with the letters A to Z.
func letters(n int64) string {
	var buf [16]byte
	i := len(buf)
	for n > 0 {
		n--
		i--
		buf[i] = byte('A' + n%26)
		n /= 26
	}
	return string(buf[i:])
}

// printable drops control characters, so a value can never break the
// tab-separated stream or a terminal.
func printable(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return -1
	}, s)
}

// clip cuts s to at most n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
