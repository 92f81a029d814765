package words

// hindi is the Hindi catalog: every English format the cashier may see,
// with the same verbs in the same order.
var hindi = map[string]string{
	"Charge": "भुगतान लें",
}
