def policy(resource):
    return True
