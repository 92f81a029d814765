package pos

// DefaultProfile is the default profile (README.md beside this package
// says what it decides). Only the sale (code 1, mode 1, minor units) is documented by
// the vendor; the rest is our example numbering, hence Example. It does
// not claim KeepsReferences: a real terminal run with our example
// numbering has yet to show that it keeps lanepay's references.
func DefaultProfile() *Profile {
	withOrig := func(amount bool) map[string]string {
		m := map[string]string{
			"TRAN_MODE":   PlaceholderMode,
			"TRAN_CODE":   PlaceholderCode,
			"REF_NO":      PlaceholderRef,
			"ORIG_REF_NO": PlaceholderOrigRef,
		}
		if amount {
			m["AMOUNT"] = PlaceholderAmount
		}
		return m
	}
	charge := func() map[string]string {
		return map[string]string{
			"TRAN_MODE": PlaceholderMode,
			"TRAN_CODE": PlaceholderCode,
			"AMOUNT":    PlaceholderAmount,
			"REF_NO":    PlaceholderRef,
		}
	}
	return &Profile{
		Name:                   "Default",
		Example:                true,
		Currency:               "INR",
		Decimals:               2,
		AmountFormat:           AmountMinor,
		ReferenceField:         "REF_NO",
		OriginalReferenceField: "ORIG_REF_NO",
		Modes: []Mode{
			{Name: "Card", Code: "1"},
			{Name: "UPI/QR", Code: "2"},
		},
		Types: []TranType{
			{Name: "Sale", Code: "1", Role: RoleSale, NeedsAmount: true, Template: charge()},
			{Name: "Void", Code: "2", Role: RoleVoid, NeedsOriginal: true, Template: withOrig(false)},
			{Name: "Refund", Code: "3", Role: RoleRefund, NeedsAmount: true, NeedsOriginal: true, Template: withOrig(true)},
			{Name: "Pre-auth", Code: "4", Role: RolePreauth, NeedsAmount: true, Template: charge()},
			{Name: "Pre-auth completion", Code: "5", Role: RoleCompletion, NeedsAmount: true, NeedsOriginal: true, Template: withOrig(true)},
			{Name: "Settlement", Code: "6", Role: RoleSettlement, Template: map[string]string{
				"TRAN_CODE": PlaceholderCode,
				"REF_NO":    PlaceholderRef,
			}},
			{Name: "Status inquiry", Code: "7", Role: RoleInquiry, NeedsOriginal: true, Template: map[string]string{
				"TRAN_CODE":   PlaceholderCode,
				"REF_NO":      PlaceholderRef,
				"ORIG_REF_NO": PlaceholderOrigRef,
			}},
			{Name: "Last transaction", Code: "8", Role: RoleLastTransaction, Template: map[string]string{
				"TRAN_CODE": PlaceholderCode,
				"REF_NO":    PlaceholderRef,
			}},
		},
		Outcome: OutcomeRules{
			ResultFields:   []string{"RESP_CODE", "RESPONSE_CODE", "STATUS", "RESULT"},
			ApprovedValues: []string{"00", "0", "000", "APPROVED", "SUCCESS"},
			MessageFields:  []string{"RESP_MSG", "RESPONSE_MSG", "MESSAGE", "MSG"},
		},
		Inquiry: InquiryRules{
			StatusField:      "TXN_STATUS",
			NotFoundValues:   []string{"NOT_FOUND"},
			InProgressValues: []string{"IN_PROGRESS"},
		},
		TimeoutSeconds: 120,
	}
}
