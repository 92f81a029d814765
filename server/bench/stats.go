package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// median is the middle value of xs (the mean of the two middle ones for an
// even count); NaN for none. xs is not modified.
func median(xs []float64) float64 { return percentile(xs, 50) }

// percentile is the p-th percentile of xs (0 ≤ p ≤ 100), interpolated
// linearly between the closest ranks, as numpy's default does; NaN for
// none. xs is not modified.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	pos := p / 100 * float64(len(s)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	if lo == hi {
		return s[lo]
	}
	return s[lo] + (s[hi]-s[lo])*(pos-float64(lo))
}

// ratio is a/b; NaN when either is unknown or b is zero.
func ratio(a, b float64) float64 {
	if math.IsNaN(a) || math.IsNaN(b) || b == 0 {
		return math.NaN()
	}
	return a / b
}

// fmtRatio writes a ratio as the table shows it: "1.07×", "n/a" when
// unknown.
func fmtRatio(r float64) string {
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return "n/a"
	}
	return fmt.Sprintf("%.2f×", r)
}

// fmtDiffMs writes a difference of milliseconds with its sign: "+1.2 ms".
func fmtDiffMs(d float64) string {
	if math.IsNaN(d) {
		return "n/a"
	}
	return fmt.Sprintf("%+.1f ms", d)
}

// fmtMs writes a duration in milliseconds: "0.84 ms", "12.3 ms", "812 ms",
// "1.23 s".
func fmtMs(ms float64) string {
	switch a := math.Abs(ms); {
	case math.IsNaN(ms):
		return "n/a"
	case a >= 1000:
		return fmt.Sprintf("%.2f s", ms/1000)
	case a >= 100:
		return fmt.Sprintf("%.0f ms", ms)
	case a >= 10:
		return fmt.Sprintf("%.1f ms", ms)
	default:
		return fmt.Sprintf("%.2f ms", ms)
	}
}

// fmtMB writes a size in decimal megabytes, as download sizes are quoted:
// "8.66 MB"; small sizes in kB.
func fmtMB(n float64) string {
	switch {
	case math.IsNaN(n):
		return "n/a"
	case math.Abs(n) < 1e6:
		return fmt.Sprintf("%.1f kB", n/1e3)
	default:
		return fmt.Sprintf("%.2f MB", n/1e6)
	}
}

// fmtMiB writes a memory size in binary megabytes: "20.3 MiB".
func fmtMiB(n float64) string {
	if math.IsNaN(n) {
		return "n/a"
	}
	return fmt.Sprintf("%.1f MiB", n/(1<<20))
}

// fmtSignedMiB writes a memory growth: "+0.0 MiB".
func fmtSignedMiB(n float64) string {
	if math.IsNaN(n) {
		return "n/a"
	}
	return fmt.Sprintf("%+.2f MiB", n/(1<<20))
}

// Verdicts.
const (
	pass     = "pass"
	fail     = "FAIL"
	reported = "reported"
	noData   = "no data"
)

// verdictAtMost says whether v ≤ limit.
func verdictAtMost(v, limit float64) string {
	switch {
	case math.IsNaN(v):
		return noData
	case v <= limit:
		return pass
	}
	return fail
}

// all joins verdicts: fail if any fails, no data if any has none.
func all(vs ...string) string {
	out := pass
	for _, v := range vs {
		switch v {
		case fail:
			return fail
		case noData:
			out = noData
		}
	}
	return out
}

// row is one line of the results table.
type row struct {
	figure, lanepay, baseline, ratio, goal, verdict string
}

// markdownTable renders rows under the header as a GitHub markdown table.
// A pipe inside a cell is escaped so that it cannot split the cell.
func markdownTable(header []string, rows [][]string) string {
	var b strings.Builder
	esc := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	line := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + esc(c) + " |")
		}
		b.WriteString("\n")
	}
	line(header)
	sep := make([]string, len(header))
	for i := range sep {
		sep[i] = "---"
	}
	line(sep)
	for _, r := range rows {
		line(r)
	}
	return b.String()
}

func (r row) cells() []string {
	return []string{r.figure, r.lanepay, r.baseline, r.ratio, r.goal, r.verdict}
}

// theilSen is the Theil–Sen estimate of the slope of ys against xs: the
// median of the slopes between every pair of points with different xs.
// NaN with fewer than two such points.
func theilSen(xs, ys []float64) float64 { return median(pairSlopes(xs, ys)) }

// theilSenInterval is a 95% confidence interval for the Theil–Sen slope
// (Sen 1968, as Gilbert 1987 gives it): of the N pairwise slopes in
// order, the M1-th and the (M2+1)-th, with M1, M2 = (N ∓ C)/2 and C 1.96
// standard deviations of Kendall's S, whose variance for n points without
// ties is n(n−1)(2n+5)/18. The ranks are rounded outwards, so the interval
// errs wide. NaNs with fewer than three points.
func theilSenInterval(xs, ys []float64) (lo, hi float64) {
	slopes := pairSlopes(xs, ys)
	if len(xs) < 3 || len(slopes) == 0 {
		return math.NaN(), math.NaN()
	}
	slices.Sort(slopes)
	n, pairs := float64(len(xs)), float64(len(slopes))
	c := 1.96 * math.Sqrt(n*(n-1)*(2*n+5)/18)
	rank := func(r float64) float64 { // 1-based, held to the slopes there are
		return slopes[min(max(int(r), 1), len(slopes))-1]
	}
	return rank(math.Floor((pairs - c) / 2)), rank(math.Ceil((pairs+c)/2) + 1)
}

// pairSlopes are the slopes between every pair of points with different xs.
func pairSlopes(xs, ys []float64) []float64 {
	var slopes []float64
	for i := range xs {
		for j := i + 1; j < len(xs); j++ {
			if xs[j] != xs[i] {
				slopes = append(slopes, (ys[j]-ys[i])/(xs[j]-xs[i]))
			}
		}
	}
	return slopes
}

// bootstrapRatio is a 95% interval for the ratio of the median of a's
// values to the median of b's, by the percentile bootstrap over groups:
// a site's loads come in browsers, and the loads of one browser share its
// process, its compiled code and the machine's mood of that moment, so
// they are not independent. Each resample draws whole groups, with
// replacement and as many as there were, on each side apart, and pools
// their values. The interval is how far the ratio could move on another
// run of as many browsers; the seed makes a report reproducible. NaNs
// with fewer than two groups on either side.
func bootstrapRatio(a, b [][]float64, resamples int, seed uint64) (lo, hi float64) {
	if len(a) < 2 || len(b) < 2 || resamples < 1 {
		return math.NaN(), math.NaN()
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	draw := func(groups [][]float64, into []float64) []float64 {
		into = into[:0]
		for range groups {
			into = append(into, groups[rng.IntN(len(groups))]...)
		}
		return into
	}
	ratios := make([]float64, 0, resamples)
	var xs, ys []float64
	for range resamples {
		xs, ys = draw(a, xs), draw(b, ys)
		if r := ratio(median(xs), median(ys)); !math.IsNaN(r) {
			ratios = append(ratios, r)
		}
	}
	return percentile(ratios, 2.5), percentile(ratios, 97.5)
}
