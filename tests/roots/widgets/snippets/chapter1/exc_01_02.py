# %%
def double(x):
    ___


print(double(4))
