import Glibc

// One binary, three faces: FastCGI when fd 0 is a listening socket (spawn-fcgi,
// mod_fcgid, a FastCGI process manager), plain CGI when the web server set
// GATEWAY_INTERFACE, otherwise the admin command line.
switch Face.detect() {
case .fastCGI:
    FastCGIServer(paths: Launch.paths(), workers: Launch.workerCount(), ticketWriter: Launch.ticketWriterWanted()).run()
case .cgi:
    exit(CGIRunner(paths: Launch.paths()).run())
case .commandLine:
    TaquillaCommand.main()
}
