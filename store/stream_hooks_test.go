package store

import "testing"

// SetStreamBatchBytes lowers the bytes a stream's batch holds for one
// test, so that a small table shows the limit at work.
func SetStreamBatchBytes(t testing.TB, n int) {
	old := streamBatchBytes
	streamBatchBytes = n
	t.Cleanup(func() { streamBatchBytes = old })
}
