"""Every write of the clients app (R-CLI, R-LEAD, R-POOL). Import from the submodules."""
