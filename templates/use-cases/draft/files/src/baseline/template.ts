/**
 * The canned reply the support desk sends today as the first answer (a helpdesk macro). Replace it
 * with your own: the pilot is judged against it, by rule and, with a judge model, head to head.
 * `{subject}` is the customer's subject line, as the macro inserts it.
 */
export const CANNED_REPLY = `Hello,

Thank you for contacting us about "{subject}". We have received your message and a member of our team will get back to you within 2 business days.

Kind regards,
The Support Team`;
