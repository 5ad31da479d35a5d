"""Electronic signatures on our documents (PAdES): one signer interface (backends/) with BSrE
eSign v2 and a local PKCS#12 backend, chosen by ESIGN_BACKEND; the signing credentials kept
encrypted at rest; and the reading of the signatures in a stored PDF (pdf.py). A signed file is
kept on its document record (accounts.verification) and served in place of the unsigned one."""
