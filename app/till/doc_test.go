package till_test

// The till's tests run tills on the simulated terminal over loopback
// (tilltest): charging through every fault, one charge in flight,
// reconnecting, recovery after a reload and by hand, the press that
// prepares and the tap that sends, late answers, voids and refunds on
// the right sale, the evidence that a terminal keeps references, a
// terminal whose cable is pulled mid-charge (silent_test.go: the link is
// dropped once the response timeout passes, and recovery settles the
// charge once it is back). The
// property test (property_test.go) runs random scripts over generated
// profiles and checks the till's invariants across faults: nothing lost,
// nothing doubled, no Not charged for a charge made. The soak test
// (soak_test.go) makes 40 charges, a quarter faulty, and checks the
// journal against the terminal's ledger; `make soak N=500` runs it long.
