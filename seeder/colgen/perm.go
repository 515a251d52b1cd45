package colgen

import "math/bits"

// perm is a bijection of [0, n): row i of a unique column takes value
// perm(i) of its n possible values, so that no value repeats while the
// values still look shuffled. It is an affine map, (a*i + b) mod n, with
// a coprime to n.
type perm struct{ a, b, n uint64 }

func newPerm(n uint64) perm {
	if n <= 1 {
		return perm{a: 1, n: max(n, 1)}
	}
	// About n times the golden ratio, moved to the next number coprime
	// to n: consecutive rows land far apart.
	a := uint64(float64(n)*0.6180339887) | 1
	for gcd(a, n) != 1 {
		a++
	}
	return perm{a: a % n, b: n / 3, n: n}
}

func (p perm) at(i int64) int64 {
	hi, lo := bits.Mul64(p.a, uint64(i)%p.n)
	v := bits.Rem64(hi, lo, p.n)
	return int64((v + p.b) % p.n)
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
