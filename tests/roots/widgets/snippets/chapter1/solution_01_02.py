# %%
def double(x):
    result = x * 2
    return result


print(double(4))
