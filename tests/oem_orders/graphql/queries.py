"""GraphQL documents shared by the OEM API tests."""

CONTRACT_FIELDS = """
fragment ContractFields on OemContract {
  id number status sampleStatus quantity maxDeliverable deliveryDate
  unitPrice { amount currency } value { amount }
  milestones { kind dueDate isLate completedAt producerGroup { slug } }
  allocations { producerGroup { slug } quantity quantityDone quantityPassed quantityShipped status producerUnitPrice { amount } }
  inspections { result batchQuantity checks { name kind passed measuredValue } photos { url thumbnail } producerGroup { slug } }
  shipments { number carrier trackingNumber quantity lines { quantity producerGroup { slug } } }
  invoices { number kind status issueDate dueDate isOverdue subtotal { amount } vat { amount } total { amount }
             vatRate sellerName sellerTaxId sellerBranch buyerName buyerTaxId buyerBranch lines { description amount { amount } } }
  events { type fromStatus toStatus reason byApiToken }
}
"""
QUERY_QUOTE_REQUESTS = """
query ($filter: OemQuoteRequestFilterInput) {
  oemQuoteRequests(first: 20, filter: $filter) { totalCount edges { node { id number status quantity } } }
}"""
QUERY_QUOTE_REQUEST = "query ($id: ID!) { oemQuoteRequest(id: $id) { id number attachments { name url thumbnail } } }"
QUERY_QUOTES = """
query { oemQuotes(first: 20) { totalCount edges { node { id number status minimumOrderQuantity isExpired validUntil
  priceTiers { minQuantity unitPrice { amount currency } } unitPrice { amount } depositPercent paymentTerms
  request { number } } } } }"""
QUERY_QUOTE = "query ($id: ID!) { oemQuote(id: $id) { id number } }"
QUERY_CONTRACTS = """
query ($filter: OemContractFilterInput, $first: Int = 20) {
  oemContracts(first: $first, filter: $filter) { totalCount edges { node { ...ContractFields } } }
}""" + CONTRACT_FIELDS
QUERY_CONTRACT = "query ($id: ID!) { oemContract(id: $id) { ...ContractFields } }" + CONTRACT_FIELDS
QUERY_ME = """
query { oemMe { role canManageTokens token { name last4 } client { id name taxId
  tokens { id name last4 isActive expiresAt revokedAt lastUsedAt } } } }"""

MUTATION_QUOTE_ACCEPT = """
mutation ($id: ID!, $quantity: Int) {
  oemQuoteAccept(id: $id, quantity: $quantity) { contract { id number status quantity unitPrice { amount } }
    errors { field code message } }
}"""
MUTATION_QUOTE_DECLINE = """
mutation ($id: ID!, $reason: String!) {
  oemQuoteDecline(id: $id, reason: $reason) { quote { status declineReason } errors { field code message } }
}"""
MUTATION_SAMPLE_APPROVE = """
mutation ($id: ID!, $approved: Boolean!, $comments: String) {
  oemSampleApprove(id: $id, approved: $approved, comments: $comments) { contract { sampleStatus }
    errors { field code message } }
}"""
MUTATION_CARD_PAYMENT_START = """
mutation ($id: ID!) {
  oemInvoiceCardPaymentStart(id: $id) { paymentIntentId clientSecret invoice { number } errors { field code message } }
}"""
MUTATION_TOKEN_CREATE = """
mutation ($input: OemApiTokenCreateInput!) {
  oemApiTokenCreate(input: $input) { token apiToken { id name last4 isActive } errors { field code message } }
}"""
MUTATION_TOKEN_REVOKE = """
mutation ($id: ID!) { oemApiTokenRevoke(id: $id) { apiToken { isActive revokedAt } errors { field code message } } }
"""
MUTATION_QUOTE_REQUEST_CREATE = """
mutation ($input: OemQuoteRequestCreateInput!) {
  oemQuoteRequestCreate(input: $input) {
    quoteRequest { id number status quantity customSpec attachments { name contentType isImage url thumbnail } }
    errors { field code message }
  }
}"""
