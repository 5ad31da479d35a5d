from tests.signatures.bsre_server.serve import main

main()
